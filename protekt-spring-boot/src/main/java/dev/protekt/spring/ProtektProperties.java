package dev.protekt.spring;

import dev.protekt.Algorithm;
import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.servlet.ProtektFilter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code protekt.*} properties: the options of {@link ProtektAuth.Builder} under their Spring
 * names, from {@code application.properties}, YAML or the environment. Spring's relaxed binding
 * reads {@code PROTEKT_DOMAIN}, {@code PROTEKT_CLIENT_ID}, {@code PROTEKT_CLIENT_SECRET}, {@code
 * PROTEKT_AUDIENCE}, {@code PROTEKT_ROLES_CLAIM} and the rest, the same variables as {@link
 * ProtektAuth#fromEnv()}. An option left unset keeps the builder's default. Durations without a
 * unit are seconds, as in the environment variables ({@code protekt.timeout=5}, {@code
 * protekt.retry-delay=0.5}); Spring's {@code 500ms} or {@code 2m} work too.
 *
 * <pre>
 * protekt.domain=your-domain.protekt.dev
 * protekt.audience=https://api.example.com
 * protekt.client-id=…
 * protekt.client-secret=…
 * protekt.roles-claim=https://your-app.com/roles
 * </pre>
 */
@ConfigurationProperties("protekt")
public class ProtektProperties {
  private String domain;
  private String clientId;
  private String clientSecret;
  private String audience;
  private Boolean acceptAnyAudience;
  private List<String> algorithms = new ArrayList<>();
  private Boolean cacheEnabled;
  private String cacheTtl;
  private Integer cacheMaxEntries;
  private String timeout;
  private Integer retryAttempts;
  private String retryDelay;
  private String leeway;
  private String rolesClaim;
  private String permissionsClaim;
  private Integer maxTokenSize;
  private String realm = ProtektFilter.DEFAULT_REALM;
  private final Filter filter = new Filter();

  /**
   * A builder with every option that is set; the application may refine it before building.
   *
   * @throws ConfigurationException if {@code protekt.domain} is missing, or an algorithm is unknown
   */
  public ProtektAuth.Builder toBuilder() {
    if (domain == null || domain.isBlank()) {
      throw new ConfigurationException("protekt.domain is required: set it in"
          + " application.properties (protekt.domain=your-domain.protekt.dev) or as PROTEKT_DOMAIN,"
          + " or declare your own ProtektAuth bean.");
    }
    ProtektAuth.Builder b = ProtektAuth.builder().domain(domain);
    set(clientId, b::clientId);
    set(clientSecret, b::clientSecret);
    set(audience, b::audience);
    if (Boolean.TRUE.equals(acceptAnyAudience)) {
      b.acceptAnyAudience();
    }
    if (!algorithms.isEmpty()) {
      b.algorithms(algorithms.stream().map(Algorithm::fromJwsName).toArray(Algorithm[]::new));
    }
    set(cacheEnabled, b::cacheEnabled);
    set(duration("protekt.cache-ttl", cacheTtl), b::cacheTtl);
    set(cacheMaxEntries, b::cacheMaxEntries);
    set(duration("protekt.timeout", timeout), b::timeout);
    set(retryAttempts, b::retryAttempts);
    set(duration("protekt.retry-delay", retryDelay), b::retryDelay);
    set(duration("protekt.leeway", leeway), b::leeway);
    set(rolesClaim, b::rolesClaim);
    set(permissionsClaim, b::permissionsClaim);
    set(maxTokenSize, b::maxTokenSize);
    return b;
  }

  /**
   * Seconds as a number, like the environment variables ({@code 5}, {@code 0.5}), or a Spring
   * duration with its unit ({@code 500ms}, {@code 2m}, {@code PT5S}).
   */
  private static Duration duration(String property, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      if (v.matches("[0-9]*\\.?[0-9]+")) {
        return Duration.ofNanos(new BigDecimal(v).movePointRight(9).longValueExact());
      }
      return DurationStyle.detectAndParse(v, ChronoUnit.SECONDS);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigurationException(property + " must be a duration such as 5 (seconds), 0.5 or"
          + " 500ms, was '" + v + "'.");
    }
  }

  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  /** The tenant's domain ({@code PROTEKT_DOMAIN}); required. */
  public String getDomain() {
    return domain;
  }

  /** See {@link #getDomain()}. */
  public void setDomain(String domain) {
    this.domain = domain;
  }

  /** The client id for machine tokens and the Users API ({@code PROTEKT_CLIENT_ID}). */
  public String getClientId() {
    return clientId;
  }

  /** See {@link #getClientId()}. */
  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  /** The client secret ({@code PROTEKT_CLIENT_SECRET}); never logged. */
  public String getClientSecret() {
    return clientSecret;
  }

  /** See {@link #getClientSecret()}. */
  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  /** The audience every verified token must carry ({@code PROTEKT_AUDIENCE}). */
  public String getAudience() {
    return audience;
  }

  /** See {@link #getAudience()}. */
  public void setAudience(String audience) {
    this.audience = audience;
  }

  /** Whether to skip the audience check ({@code PROTEKT_ACCEPT_ANY_AUDIENCE}); default false. */
  public Boolean getAcceptAnyAudience() {
    return acceptAnyAudience;
  }

  /** See {@link #getAcceptAnyAudience()}. */
  public void setAcceptAnyAudience(Boolean acceptAnyAudience) {
    this.acceptAnyAudience = acceptAnyAudience;
  }

  /** The accepted algorithms by JWS name ({@code PROTEKT_ALGORITHMS}); default RS256. */
  public List<String> getAlgorithms() {
    return algorithms;
  }

  /** See {@link #getAlgorithms()}. */
  public void setAlgorithms(List<String> algorithms) {
    this.algorithms = algorithms == null ? new ArrayList<>() : new ArrayList<>(algorithms);
  }

  /** Whether keys and verified tokens are cached ({@code PROTEKT_CACHE_ENABLED}). */
  public Boolean getCacheEnabled() {
    return cacheEnabled;
  }

  /** See {@link #getCacheEnabled()}. */
  public void setCacheEnabled(Boolean cacheEnabled) {
    this.cacheEnabled = cacheEnabled;
  }

  /** How long keys and verified tokens are cached ({@code PROTEKT_CACHE_TTL}). */
  public String getCacheTtl() {
    return cacheTtl;
  }

  /** See {@link #getCacheTtl()}. */
  public void setCacheTtl(String cacheTtl) {
    this.cacheTtl = cacheTtl;
  }

  /** The most verified tokens cached ({@code PROTEKT_CACHE_MAX_ENTRIES}). */
  public Integer getCacheMaxEntries() {
    return cacheMaxEntries;
  }

  /** See {@link #getCacheMaxEntries()}. */
  public void setCacheMaxEntries(Integer cacheMaxEntries) {
    this.cacheMaxEntries = cacheMaxEntries;
  }

  /** The timeout of calls to the tenant ({@code PROTEKT_TIMEOUT}). */
  public String getTimeout() {
    return timeout;
  }

  /** See {@link #getTimeout()}. */
  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  /** How often a failed call to the tenant is retried ({@code PROTEKT_RETRY_ATTEMPTS}). */
  public Integer getRetryAttempts() {
    return retryAttempts;
  }

  /** See {@link #getRetryAttempts()}. */
  public void setRetryAttempts(Integer retryAttempts) {
    this.retryAttempts = retryAttempts;
  }

  /** The base delay between retries ({@code PROTEKT_RETRY_DELAY}). */
  public String getRetryDelay() {
    return retryDelay;
  }

  /** See {@link #getRetryDelay()}. */
  public void setRetryDelay(String retryDelay) {
    this.retryDelay = retryDelay;
  }

  /** The clock skew tolerated on {@code exp} and {@code nbf} ({@code PROTEKT_LEEWAY}). */
  public String getLeeway() {
    return leeway;
  }

  /** See {@link #getLeeway()}. */
  public void setLeeway(String leeway) {
    this.leeway = leeway;
  }

  /** The claim holding roles ({@code PROTEKT_ROLES_CLAIM}); default {@code roles}. */
  public String getRolesClaim() {
    return rolesClaim;
  }

  /** See {@link #getRolesClaim()}. */
  public void setRolesClaim(String rolesClaim) {
    this.rolesClaim = rolesClaim;
  }

  /** The claim holding permissions ({@code PROTEKT_PERMISSIONS_CLAIM}); default {@code permissions}. */
  public String getPermissionsClaim() {
    return permissionsClaim;
  }

  /** See {@link #getPermissionsClaim()}. */
  public void setPermissionsClaim(String permissionsClaim) {
    this.permissionsClaim = permissionsClaim;
  }

  /** The longest token accepted, in characters ({@code PROTEKT_MAX_TOKEN_SIZE}). */
  public Integer getMaxTokenSize() {
    return maxTokenSize;
  }

  /** See {@link #getMaxTokenSize()}. */
  public void setMaxTokenSize(Integer maxTokenSize) {
    this.maxTokenSize = maxTokenSize;
  }

  /** The realm named in {@code WWW-Authenticate} challenges; default {@code protekt}. */
  public String getRealm() {
    return realm;
  }

  /** See {@link #getRealm()}. */
  public void setRealm(String realm) {
    this.realm = realm;
  }

  /** The {@code protekt.filter.*} properties. */
  public Filter getFilter() {
    return filter;
  }

  /** How the {@link ProtektFilter} is registered. */
  public static class Filter {
    private boolean enabled = true;
    private List<String> urlPatterns = new ArrayList<>(List.of("/*"));
    private int order;

    /** Whether the filter is registered at all ({@code protekt.filter.enabled}); default true. */
    public boolean isEnabled() {
      return enabled;
    }

    /** See {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The URL patterns the filter covers ({@code protekt.filter.url-patterns}); default {@code /*}. */
    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    /** See {@link #getUrlPatterns()}. */
    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = urlPatterns == null ? new ArrayList<>() : new ArrayList<>(urlPatterns);
    }

    /** The filter's place in the chain ({@code protekt.filter.order}); default 0. */
    public int getOrder() {
      return order;
    }

    /** See {@link #getOrder()}. */
    public void setOrder(int order) {
      this.order = order;
    }
  }
}
