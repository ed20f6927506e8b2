package dev.dslab.local.emulator;

import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client a front uses to call its node emulator on loopback: blocking, each call on the calling
 * thread over pooled keep-alive connections. The JDK HttpClient hands every call to its selector and worker
 * threads and back: measured with JFR under DynamoDbFrontBench, those hand-offs cost the daemon as much CPU
 * as the edge and the front together, CPU that the two shared cores then lack for the emulators. No
 * automatic retries: a write is never sent twice.
 */
public final class EmulatorHttpClient {

    /** The edge's 256 threads plus the fronts' own callers (replica appliers, pollers): no call waits for a connection. */
    private static final int MAX_CONNECTIONS = 512;

    private EmulatorHttpClient() {
    }

    /** A client whose every wait (connection from the pool, answer, socket read) ends after {@code timeout}. */
    public static CloseableHttpClient create(Duration timeout) {
        Timeout answer = Timeout.of(timeout);
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(answer).build())
                // node closes a connection idle for 5 s: check one idle for a second before reusing it
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(2)).setSocketTimeout(answer)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(answer).setConnectionRequestTimeout(answer).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .build();
    }
}
