package dev.ddbr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The API-model net: {@code scripts/api-model-proxy.py}, which {@link LocalAws} puts in front of dynalite
 * and moto, checks every request against the service's published API model (botocore's) and refuses a
 * violation with a 400 whose message starts with {@link #MARKER}.
 *
 * <p>{@link LocalAwsExtension} fails a test that caused a refusal it did not {@linkplain #claim() claim}: a
 * request AWS would refuse is a bug even when ddbr shrugs the error off. A test that sends an invalid
 * request on purpose asserts on {@link #claim()}, which returns the refusals since the test started and
 * marks them as expected.
 */
public final class ApiModelNet {
    /** The prefix of every refusal message. */
    public static final String MARKER = "[ddbr api-model]";

    /** One refused request: the botocore service name, the operation, the validator's messages. */
    public record Refusal(String service, String operation, List<String> problems) {
        public String message() {
            return service + " " + operation + ": " + String.join("; ", problems);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String endpoint;
    private int claimed;

    ApiModelNet(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Whether the proxy is in front of the emulators (it is unless turned off, see {@link LocalAws}). */
    public boolean active() {
        return endpoint != null;
    }

    /** The refusals since the last claim (or since the test started), marking them as expected. */
    public synchronized List<Refusal> claim() {
        List<Refusal> fresh = fetch(claimed);
        claimed += fresh.size();
        return fresh;
    }

    /** The refusals nobody claimed since the last claim; marks them as seen. */
    synchronized List<Refusal> unclaimed() {
        return claim();
    }

    /** Forgets what came before: called when a test starts. */
    synchronized void startTest() {
        claimed += fetch(claimed).size();
    }

    /**
     * An endpoint that checks requests like the emulators' and forwards them to {@code upstream} (a fake on
     * 127.0.0.1 such as {@link FakeAwsBackup}); {@code upstream} itself when the proxy is off.
     */
    public String front(String upstream, String name) {
        if (endpoint == null) {
            return upstream;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/__ddbr-api-model/front?name="
                        + name + "&upstream=" + java.net.URLEncoder.encode(upstream, java.nio.charset.StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("API-model proxy answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).path("endpoint").asText();
        } catch (IOException e) {
            throw new IllegalStateException("API-model proxy at " + endpoint + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the API-model proxy", e);
        }
    }

    /** Requests checked, requests not checked and why, as the proxy counts them (JSON). */
    public String stats() {
        return get("stats");
    }

    private List<Refusal> fetch(int since) {
        if (endpoint == null) {
            return List.of();
        }
        List<Refusal> out = new ArrayList<>();
        try {
            JsonNode body = JSON.readTree(get("refusals?since=" + since));
            for (JsonNode r : body.path("refusals")) {
                List<String> problems = new ArrayList<>();
                r.path("problems").forEach(p -> problems.add(p.asText()));
                out.add(new Refusal(r.path("service").asText(), r.path("operation").asText(), List.copyOf(problems)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the API-model proxy's refusals at " + endpoint + ": " + e, e);
        }
        return out;
    }

    private String get(String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/__ddbr-api-model/" + what))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("API-model proxy answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("API-model proxy at " + endpoint + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the API-model proxy", e);
        }
    }
}
