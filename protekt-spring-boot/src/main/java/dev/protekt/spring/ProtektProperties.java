package dev.protekt.spring;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.http.AuthErrorResponse;
import dev.protekt.internal.Durations;
import dev.protekt.servlet.ProtektFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code protekt.*} properties: the options of {@link ProtektAuth.Builder} under their Spring
 * names, from {@code application.properties}, YAML or the environment. Spring's relaxed binding
 * reads {@code PROTEKT_DOMAIN}, {@code PROTEKT_CLIENT_ID}, {@code PROTEKT_CLIENT_SECRET}, {@code
 * PROTEKT_AUDIENCE}, {@code PROTEKT_ROLES_CLAIM} and the rest, the same variables as {@link
 * ProtektAuth#fromEnv()}. An option left unset keeps the builder's default. Durations without a
 * unit are seconds, as in the environment variables ({@code protekt.timeout=5}, {@code
 * protekt.retry-delay=0.5}); Spring's {@code 500ms} or {@code 2m} work too. Each property is
 * described on its field; the jar's configuration metadata carries those descriptions to the IDE.
 *
 * <pre>
 * protekt.domain=your-domain.protekt.dev
 * protekt.audience=https://api.example.com
 * protekt.client-id=…
 * protekt.client-secret=…
 * protekt.roles-claim=realm_access.roles,"https://your-app.com/roles"
 * </pre>
 */
@ConfigurationProperties("protekt")
public class ProtektProperties {
  /**
   * What the Servlet specification maps: an exact path, a prefix ending in {@code /*}, an extension
   * {@code *.ext}, or {@code /}. Anything else is read as an exact path or refused by the container.
   */
  private static final Pattern URL_PATTERN =
      Pattern.compile("/[^*\\p{Cntrl}]*|/([^*\\p{Cntrl}]*/)?\\*|\\*\\.[^*/\\p{Cntrl}]+");
  /** The tenant's domain (PROTEKT_DOMAIN); required. */
  private String domain;
  /** The client id for machine tokens and the Users API (PROTEKT_CLIENT_ID). */
  private String clientId;
  /** The client secret (PROTEKT_CLIENT_SECRET); never logged. */
  private String clientSecret;
  /**
   * The audience every verified token must carry (PROTEKT_AUDIENCE); several (comma-separated or
   * a YAML list) of which a token's aud must hold one.
   */
  private List<String> audience = new ArrayList<>();
  /**
   * Whether to accept tokens for any audience (PROTEKT_ACCEPT_ANY_AUDIENCE); default false. An aud
   * that is present must still be a string or an array of strings.
   */
  private Boolean acceptAnyAudience;
  /** The accepted algorithms by JWS name (PROTEKT_ALGORITHMS); default RS256. */
  private List<String> algorithms = new ArrayList<>();
  /** Whether keys and verified tokens are cached (PROTEKT_CACHE_ENABLED). */
  private Boolean cacheEnabled;
  /** How long keys and verified tokens are cached (PROTEKT_CACHE_TTL). */
  private String cacheTtl;
  /** The most verified tokens cached (PROTEKT_CACHE_MAX_ENTRIES). */
  private Integer cacheMaxEntries;
  /** The timeout of calls to the tenant (PROTEKT_TIMEOUT). */
  private String timeout;
  /** How often a failed call to the tenant is retried (PROTEKT_RETRY_ATTEMPTS). */
  private Integer retryAttempts;
  /** The base delay between retries (PROTEKT_RETRY_DELAY). */
  private String retryDelay;
  /** The clock skew tolerated on exp and nbf (PROTEKT_LEEWAY). */
  private String leeway;
  /**
   * Where roles are (PROTEKT_ROLES_CLAIM): claim paths such as realm_access.roles, merged; a name
   * with dots or slashes in double quotes, "https://example.com/roles"; default roles.
   */
  private List<String> rolesClaim = new ArrayList<>();
  /**
   * Where permissions are (PROTEKT_PERMISSIONS_CLAIM), as roles-claim; default permissions. The
   * scope and scp claims always count too.
   */
  private List<String> permissionsClaim = new ArrayList<>();
  /** The longest token accepted, in characters (PROTEKT_MAX_TOKEN_SIZE). */
  private Integer maxTokenSize;
  /**
   * The longest a verification waits for a key fetch it needs (PROTEKT_KEY_FETCH_WAIT); default
   * 2 seconds.
   */
  private String keyFetchWait;
  /**
   * Hosts besides the domain's that discovery may name for the JWKS and the token endpoint
   * (PROTEKT_ALLOWED_ENDPOINT_HOSTS); default none.
   */
  private List<String> allowedEndpointHosts = new ArrayList<>();
  /**
   * Issuers trusted besides the domain's, each a bare host or a full URL as the domain is
   * (PROTEKT_ADDITIONAL_ISSUERS); default none.
   */
  private List<String> additionalIssuers = new ArrayList<>();
  /**
   * The realm named in WWW-Authenticate challenges, printable ASCII without a double quote or
   * backslash, not blank, at most 256 characters; empty to leave the realm out; default protekt.
   */
  private String realm = ProtektFilter.DEFAULT_REALM;
  /** How the Protekt filter is registered. */
  private final Filter filter = new Filter();
  /** What the application does with the client at startup. */
  private final WarmUp warmUp = new WarmUp();

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
    // One definition of the options (ProtektAuth.Option) reads each property's text as it reads
    // the environment variable of the same name, so both configure the same client.
    ProtektAuth.Builder builder = ProtektAuth.builder();
    BeanWrapper properties = new BeanWrapperImpl(this);
    for (ProtektAuth.Option option : ProtektAuth.Option.values()) {
      Object value = properties.getPropertyValue(option.builderName());
      String text = value instanceof List<?> list
          ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
          : value == null ? null : value.toString();
      // The refusal is led by the property (PropertyRefusal); its text names the option and its
      // environment variable, as fromEnv's does, not the property a second time.
      option.applyTo(builder, text,
          option.builderName() + " (" + option.environmentVariable() + ")");
    }
    return builder;
  }

  /** Whether the client these properties build can verify a token: an audience, or any. */
  boolean verifiesTokens() {
    return audience.stream().anyMatch(a -> a != null && !a.isBlank())
        || Boolean.TRUE.equals(acceptAnyAudience);
  }

  /**
   * {@code protekt.realm}, refused unless {@link AuthErrorResponse#checkRealm(String)} takes it:
   * it goes into a challenge's quoted string as it is, or not at all (empty).
   *
   * @throws ConfigurationException naming the property
   */
  String checkedRealm() {
    try {
      return AuthErrorResponse.checkRealm(realm);
    } catch (IllegalArgumentException e) {
      throw new PropertyRefusal("protekt.realm", e.getMessage());
    }
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  public List<String> getAudience() {
    return audience;
  }

  public void setAudience(List<String> audience) {
    this.audience = audience;
  }

  public Boolean getAcceptAnyAudience() {
    return acceptAnyAudience;
  }

  public void setAcceptAnyAudience(Boolean acceptAnyAudience) {
    this.acceptAnyAudience = acceptAnyAudience;
  }

  public List<String> getAlgorithms() {
    return algorithms;
  }

  public void setAlgorithms(List<String> algorithms) {
    this.algorithms = algorithms == null ? new ArrayList<>() : new ArrayList<>(algorithms);
  }

  public Boolean getCacheEnabled() {
    return cacheEnabled;
  }

  public void setCacheEnabled(Boolean cacheEnabled) {
    this.cacheEnabled = cacheEnabled;
  }

  public String getCacheTtl() {
    return cacheTtl;
  }

  public void setCacheTtl(String cacheTtl) {
    this.cacheTtl = cacheTtl;
  }

  public Integer getCacheMaxEntries() {
    return cacheMaxEntries;
  }

  public void setCacheMaxEntries(Integer cacheMaxEntries) {
    this.cacheMaxEntries = cacheMaxEntries;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Integer getRetryAttempts() {
    return retryAttempts;
  }

  public void setRetryAttempts(Integer retryAttempts) {
    this.retryAttempts = retryAttempts;
  }

  public String getRetryDelay() {
    return retryDelay;
  }

  public void setRetryDelay(String retryDelay) {
    this.retryDelay = retryDelay;
  }

  public String getLeeway() {
    return leeway;
  }

  public void setLeeway(String leeway) {
    this.leeway = leeway;
  }

  public List<String> getRolesClaim() {
    return rolesClaim;
  }

  public void setRolesClaim(List<String> rolesClaim) {
    this.rolesClaim = rolesClaim == null ? new ArrayList<>() : new ArrayList<>(rolesClaim);
  }

  public List<String> getPermissionsClaim() {
    return permissionsClaim;
  }

  public void setPermissionsClaim(List<String> permissionsClaim) {
    this.permissionsClaim =
        permissionsClaim == null ? new ArrayList<>() : new ArrayList<>(permissionsClaim);
  }

  public Integer getMaxTokenSize() {
    return maxTokenSize;
  }

  public void setMaxTokenSize(Integer maxTokenSize) {
    this.maxTokenSize = maxTokenSize;
  }

  public String getKeyFetchWait() {
    return keyFetchWait;
  }

  public void setKeyFetchWait(String keyFetchWait) {
    this.keyFetchWait = keyFetchWait;
  }

  public List<String> getAllowedEndpointHosts() {
    return allowedEndpointHosts;
  }

  public void setAllowedEndpointHosts(List<String> allowedEndpointHosts) {
    this.allowedEndpointHosts =
        allowedEndpointHosts == null ? new ArrayList<>() : new ArrayList<>(allowedEndpointHosts);
  }

  public List<String> getAdditionalIssuers() {
    return additionalIssuers;
  }

  public void setAdditionalIssuers(List<String> additionalIssuers) {
    this.additionalIssuers =
        additionalIssuers == null ? new ArrayList<>() : new ArrayList<>(additionalIssuers);
  }

  public String getRealm() {
    return realm;
  }

  public void setRealm(String realm) {
    this.realm = realm;
  }

  /** The {@code protekt.filter.*} properties. */
  public Filter getFilter() {
    return filter;
  }

  /** The {@code protekt.warm-up.*} properties. */
  public WarmUp getWarmUp() {
    return warmUp;
  }

  /** How the {@link ProtektFilter} is registered. */
  public static class Filter {
    /** Whether the filter is registered at all; default true. */
    private boolean enabled = true;
    /**
     * The Servlet url-patterns the filter covers (/api/health, /api/*, *.json or /; not Spring's
     * /api/**); default: every path.
     */
    private List<String> urlPatterns = new ArrayList<>(List.of("/*"));
    /**
     * The filter's place in the chain; default -101, just before Spring Security's filter chain
     * (spring.security.filter.order, -100), so that it also answers the failures Spring Security
     * lets through, such as 503 when the tenant's keys cannot be had.
     */
    private int order = -101;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * {@code protekt.filter.url-patterns}, refused unless each is a Servlet url-pattern: Spring's
     * {@code /api/**} is an exact path to the container, so the filter would cover no request and
     * every guard would answer 500.
     *
     * @throws ConfigurationException naming the property
     */
    List<String> checkedUrlPatterns() {
      if (urlPatterns.isEmpty()) {
        throw new PropertyRefusal("protekt.filter.url-patterns", "no pattern is given; list the"
            + " paths the filter covers, such as /api/*, or set protekt.filter.enabled=false.");
      }
      for (String pattern : urlPatterns) {
        if (pattern == null || !URL_PATTERN.matcher(pattern).matches()) {
          throw new PropertyRefusal("protekt.filter.url-patterns", "'" + pattern + "' is not a"
              + " Servlet url-pattern: an exact path /api/health, a prefix /api/* (a * only"
              + " after the last /), an extension *.json, or /. Spring's /api/** is not one.");
        }
      }
      return urlPatterns;
    }

    public List<String> getUrlPatterns() {
      return urlPatterns;
    }

    public void setUrlPatterns(List<String> urlPatterns) {
      this.urlPatterns = urlPatterns == null ? new ArrayList<>() : new ArrayList<>(urlPatterns);
    }

    public int getOrder() {
      return order;
    }

    public void setOrder(int order) {
      this.order = order;
    }
  }

  /**
   * The warm-up at startup ({@link ProtektAuth#warmUp(Duration)}): discovery and keys are fetched
   * before the web server takes requests.
   */
  public static class WarmUp {
    /** Whether the client fetches discovery and keys at startup; default true. */
    private boolean enabled = true;
    /**
     * The longest the warm-up holds startup back, seconds (10, 0.5) or with a unit (500ms, 2m), at
     * most 10 minutes; default 10 seconds.
     */
    private String timeout = "10";
    /**
     * Whether the application fails to start when the warm-up cannot reach the tenant or finds its
     * configuration unusable; default false: it starts, logs a warning, and fetches on.
     */
    private boolean required;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * {@code protekt.warm-up.timeout}, read as the other durations are (seconds, {@code 0.5}, or
     * with a unit, {@code 500ms}), refused unless {@link ProtektAuth#warmUp(Duration)} takes it:
     * positive and at most {@link dev.protekt.health.WarmUp#LONGEST_WAIT}. Refusals repeat the
     * value as it was written.
     *
     * @throws ConfigurationException naming the property and the bound
     */
    Duration checkedTimeout() {
      Duration longest = dev.protekt.health.WarmUp.LONGEST_WAIT;
      String bound = "the warm-up's wait must be positive and at most " + longest.toMinutes()
          + " minutes (" + longest.toSeconds() + ", or " + longest.toMinutes() + "m)";
      Duration wait;
      try {
        wait = Durations.read(timeout == null ? "" : timeout.trim());
      } catch (IllegalArgumentException e) {
        throw new PropertyRefusal("protekt.warm-up.timeout", bound + ", in seconds (10, 0.5) or"
            + " with a unit (500ms, 2m), was '" + timeout + "'.");
      }
      if (wait.isNegative() || wait.isZero() || wait.compareTo(longest) > 0) {
        throw new PropertyRefusal("protekt.warm-up.timeout", bound + ", was " + timeout.trim()
            + ".");
      }
      return wait;
    }

    public String getTimeout() {
      return timeout;
    }

    public void setTimeout(String timeout) {
      this.timeout = timeout;
    }

    public boolean isRequired() {
      return required;
    }

    public void setRequired(boolean required) {
      this.required = required;
    }
  }
}
