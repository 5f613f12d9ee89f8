package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.download.EnvironmentProxySelector.ProxyUrl;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The proxy variables are read as curl reads them, and each request gets its scheme's proxy. */
class EnvironmentProxySelectorTest {
  private static final List<Proxy> DIRECT = List.of(Proxy.NO_PROXY);

  private static List<Proxy> select(EnvironmentProxySelector p, String uri) {
    return p.select(URI.create(uri));
  }

  /** The one proxy {@code uri} goes through, as {@code host:port}. */
  private static String via(EnvironmentProxySelector p, String uri) {
    List<Proxy> proxies = select(p, uri);
    assertEquals(1, proxies.size(), proxies.toString());
    assertEquals(Proxy.Type.HTTP, proxies.get(0).type(), proxies.toString());
    InetSocketAddress a = (InetSocketAddress) proxies.get(0).address();
    assertTrue(a.isUnresolved(), "the proxy's name is left to the client to resolve");
    return a.getHostString() + ":" + a.getPort();
  }

  @Test
  void noProxy_matchesDomainSuffixesAndStar() {
    var p =
        EnvironmentProxySelector.of(
            Map.of("HTTPS_PROXY", "proxy:3128", "no_proxy", ".corp.example, internal"));
    assertEquals(DIRECT, select(p, "https://a.corp.example/m"));
    assertEquals(DIRECT, select(p, "https://corp.example/m"), "a leading dot also means the name");
    assertEquals(DIRECT, select(p, "https://internal/m"));
    assertEquals(DIRECT, select(p, "https://deep.in.internal/m"));
    assertEquals(DIRECT, select(p, "https://A.Corp.Example/m"), "names compare case-blind");
    assertEquals("proxy:3128", via(p, "https://example.com/m"));
    assertEquals("proxy:3128", via(p, "https://notinternal/m"), "a suffix only at a dot");
    assertEquals(DIRECT, select(p, "http://example.com/m"), "no http proxy");

    var all = EnvironmentProxySelector.of(Map.of("HTTPS_PROXY", "p:1", "NO_PROXY", "*"));
    assertEquals(DIRECT, select(all, "https://example.com/m"));
  }

  @Test
  void noProxy_upperCaseCountsAndEmptyEntriesMatchNothing() {
    var p =
        EnvironmentProxySelector.of(Map.of("https_proxy", "p:1", "NO_PROXY", " ,, CDN.Example ,"));
    assertEquals(DIRECT, select(p, "https://cdn.example/m"));
    assertEquals("p:1", via(p, "https://example/m"));
    assertEquals("p:1", via(p, "https://example./m"), "an empty entry is not a suffix of \".\"");
  }

  @Test
  void noProxy_matchesIpv6LiteralsWithoutTheirBrackets() {
    var p = EnvironmentProxySelector.of(Map.of("http_proxy", "p:1", "no_proxy", "::1,127.0.0.1"));
    assertEquals(DIRECT, select(p, "http://[::1]:8080/m"));
    assertEquals(DIRECT, select(p, "http://127.0.0.1:8080/m"));
    assertEquals("p:1", via(p, "http://[::2]:8080/m"));
  }

  @Test
  void eachSchemeGetsItsOwnProxy_otherSchemesNone() {
    var p =
        EnvironmentProxySelector.of(
            Map.of("https_proxy", "secure:1", "http_proxy", "plain:2", "no_proxy", ""));
    assertEquals("secure:1", via(p, "https://example.com/m"));
    assertEquals("secure:1", via(p, "HTTPS://example.com/m"));
    assertEquals("plain:2", via(p, "http://example.com/m"));
    assertEquals("plain:2", via(p, "HTTP://example.com/m"));
    assertEquals(DIRECT, select(p, "ftp://example.com/m"));
    assertEquals(DIRECT, select(p, "socket://example.com:9"));
  }

  @Test
  void aUriWithoutAHost_goesDirect() {
    var p = EnvironmentProxySelector.of(Map.of("HTTPS_PROXY", "p:1"));
    assertEquals(DIRECT, select(p, "https:/no/authority"));
  }

  @Test
  void lowerCaseWins_overUpperCase() {
    var p =
        EnvironmentProxySelector.of(
            Map.of(
                "https_proxy",
                "lower:1",
                "HTTPS_PROXY",
                "upper:2",
                "http_proxy",
                "lower:3",
                "HTTP_PROXY",
                "upper:4",
                "no_proxy",
                "a.example",
                "NO_PROXY",
                "b.example"));
    assertEquals("lower:1", via(p, "https://b.example/m"), "NO_PROXY is not read either");
    assertEquals("lower:3", via(p, "http://b.example/m"));
    assertEquals(DIRECT, select(p, "https://a.example/m"));
  }

  @Test
  void aBlankLowerCaseValue_fallsThroughToUpperCase() {
    var p =
        EnvironmentProxySelector.of(
            Map.of(
                "https_proxy", "  ", "HTTPS_PROXY", " upper:2 ", "no_proxy", "", "NO_PROXY", "x"));
    assertEquals("upper:2", via(p, "https://example.com/m"));
    assertEquals(DIRECT, select(p, "https://x/m"));
  }

  @Test
  void blankValuesEverywhere_configureNothing() {
    var p =
        EnvironmentProxySelector.of(
            Map.of("https_proxy", " ", "HTTPS_PROXY", "\t", "http_proxy", "", "HTTP_PROXY", " "));
    assertFalse(p.isConfigured());
    assertEquals(DIRECT, select(p, "https://example.com/m"));
  }

  @Test
  void isConfigured_byEitherProxy() {
    assertFalse(EnvironmentProxySelector.of(Map.of()).isConfigured());
    assertFalse(EnvironmentProxySelector.of(Map.of("no_proxy", "*")).isConfigured());
    assertTrue(EnvironmentProxySelector.of(Map.of("https_proxy", "p:1")).isConfigured());
    assertTrue(EnvironmentProxySelector.of(Map.of("HTTP_PROXY", "p:1")).isConfigured());
    assertTrue(
        EnvironmentProxySelector.of(Map.of("HTTPS_PROXY", "p:1", "http_proxy", "q:2"))
            .isConfigured());
  }

  @Test
  void aSchemeLessValue_isAnHttpProxy_andThePortDefaultsTo80() {
    var p =
        EnvironmentProxySelector.of(
            Map.of("https_proxy", "proxy.corp:3128", "http_proxy", "http://proxy.corp"));
    assertEquals("proxy.corp:3128", via(p, "https://example.com/m"));
    assertEquals("proxy.corp:80", via(p, "http://example.com/m"));
    assertEquals(
        "bare:80", via(EnvironmentProxySelector.of(Map.of("HTTPS_PROXY", "bare")), "https://e/m"));
  }

  @Test
  void credentials_areThoseOfTheSchemesProxy() {
    var p =
        EnvironmentProxySelector.of(
            Map.of(
                "https_proxy", "http://alice:s3:cr%40t@secure:1",
                "http_proxy", "http://plain:2"));
    assertEquals(
        Optional.of(new ProxyUrl("secure", 1, Optional.of("alice"), Optional.of("s3:cr@t"))),
        p.credentials("https"));
    assertEquals(p.credentials("https"), p.credentials("HTTPS"));
    assertEquals(Optional.empty(), p.credentials("http"), "the http proxy has none");
    assertEquals(Optional.empty(), EnvironmentProxySelector.of(Map.of()).credentials("https"));
  }

  @Test
  void aUserWithoutPassword_hasAnEmptyPassword() {
    var p = EnvironmentProxySelector.of(Map.of("http_proxy", "http://bob@plain:2"));
    assertEquals(
        Optional.of(new ProxyUrl("plain", 2, Optional.of("bob"), Optional.of(""))),
        p.credentials("http"));
    assertEquals(Optional.empty(), p.credentials("https"), "no https proxy at all");
  }

  @Test
  void unusableProxyUrls_areRefusedNamingTheVariable() {
    for (String bad : List.of("socks5://x:1", "http://:3128", "http://exa mple:1", "https://p:1")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> EnvironmentProxySelector.of(Map.of("HTTPS_PROXY", bad)),
              bad);
      assertTrue(e.getMessage().startsWith("HTTPS_PROXY "), e.getMessage());
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }

  /** The message names the variable that was set, as the user typed it. */
  @Test
  void anUnusableLowerCaseVariable_isTheOneNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EnvironmentProxySelector.of(Map.of("http_proxy", "socks5://x:1")));
    assertTrue(e.getMessage().startsWith("http_proxy "), e.getMessage());
  }

  @Test
  void connectFailed_changesNothing() {
    var p = EnvironmentProxySelector.of(Map.of("HTTPS_PROXY", "p:1"));
    URI uri = URI.create("https://example.com/m");
    p.connectFailed(uri, InetSocketAddress.createUnresolved("p", 1), new java.io.IOException("x"));
    assertEquals("p:1", via(p, uri.toString()));
  }
}
