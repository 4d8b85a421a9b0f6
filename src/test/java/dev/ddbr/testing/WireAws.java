package dev.ddbr.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/** WireMock servers for wire tests: started on 127.0.0.1 on a free port (stop them in @AfterEach). */
public final class WireAws {
    private WireAws() {}

    /** Started, with no stubs. */
    public static WireMockServer loopback() {
        WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        return wm;
    }

    /** Started, answering any POST nothing else stubs with HTTP 501: an API this endpoint does not have. */
    public static WireMockServer withUnknownApisUnsupported() {
        WireMockServer wm = loopback();
        wm.stubFor(post("/").atPriority(100).willReturn(aResponse().withStatus(501)));
        return wm;
    }
}
