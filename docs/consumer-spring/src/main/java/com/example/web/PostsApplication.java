package com.example.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PostsApplication {
  public static void main(String[] args) {
    SpringApplication.run(PostsApplication.class, args);
  }
}
