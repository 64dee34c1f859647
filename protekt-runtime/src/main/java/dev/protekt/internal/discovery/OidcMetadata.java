package dev.protekt.internal.discovery;

import okhttp3.HttpUrl;

/**
 * What the SDK needs from the tenant's OIDC discovery document.
 *
 * @param issuer the exact issuer tokens must carry
 * @param jwksUri where the public keys are published
 * @param tokenEndpoint where machine tokens are requested; {@code null} if the provider has none
 */
public record OidcMetadata(String issuer, HttpUrl jwksUri, HttpUrl tokenEndpoint) {}
