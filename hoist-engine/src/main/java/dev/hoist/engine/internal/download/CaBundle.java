package dev.hoist.engine.internal.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * Adds the certificates of a PEM bundle (a corporate CA, a TLS-inspecting proxy's root) to the
 * JDK's default trust. It never replaces or weakens TLS verification: a server must still present a
 * chain to a trusted root, and OkHttp still checks the host name.
 */
public final class CaBundle {
  private CaBundle() {}

  /**
   * Makes {@code builder} trust the JDK's default roots and every certificate in {@code pem}.
   *
   * @throws IOException when the file cannot be read or holds no certificate
   */
  public static OkHttpClient.Builder apply(OkHttpClient.Builder builder, Path pem)
      throws IOException {
    try {
      X509TrustManager combined = combined(defaultTrust(), bundleTrust(pem));
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {combined}, null);
      return builder.sslSocketFactory(tls.getSocketFactory(), combined);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the CA bundle " + pem + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager bundleTrust(Path pem)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (CertificateException e) {
      throw new IOException(pem + " is not a PEM certificate bundle: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) throw new IOException(pem + " holds no certificate");
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certs) ks.setCertificateEntry("bundle-" + i++, c);
    return trustManager(ks);
  }

  private static X509TrustManager defaultTrust() throws GeneralSecurityException {
    return trustManager(null);
  }

  private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(ks);
    for (TrustManager tm : f.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) return x;
    }
    throw new GeneralSecurityException("no X509TrustManager available");
  }

  /** Accepts a chain that either manager accepts; each does the full PKIX validation. */
  private static X509TrustManager combined(X509TrustManager first, X509TrustManager second) {
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        first.checkClientTrusted(chain, authType);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        try {
          first.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
          second.checkServerTrusted(chain, authType);
        }
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
        all.addAll(List.of(second.getAcceptedIssuers()));
        return all.toArray(new X509Certificate[0]);
      }
    };
  }
}
