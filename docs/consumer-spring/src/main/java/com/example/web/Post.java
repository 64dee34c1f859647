package com.example.web;

/** A post, as the API returns it. */
public record Post(String title, String author) {}
