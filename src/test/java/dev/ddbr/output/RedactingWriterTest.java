package dev.ddbr.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RedactingWriterTest {
    static final String SECRET = "zZ9/unitTestSecretValue+abc0123456789XYZ";

    @Test
    void aRegisteredValueIsMaskedAsItIsUrlEncodedAndJsonEscapedEvenWhenWrittenInPieces() {
        Redactor.secret(SECRET);
        StringWriter sink = new StringWriter();
        PrintWriter w = new PrintWriter(new RedactingWriter(sink), true);
        w.print("error: " + SECRET.substring(0, 10));
        w.print(SECRET.substring(10));
        w.println(" end");
        w.println("url " + java.net.URLEncoder.encode(SECRET, java.nio.charset.StandardCharsets.UTF_8));
        w.print("json " + SECRET.replace("/", "\\/"));
        w.flush();
        assertThat(sink.toString()).isEqualTo("error: [redacted] end" + System.lineSeparator() + "url [redacted]"
                + System.lineSeparator() + "json [redacted]");
    }

    @Test
    void shortValuesAndUnknownTextPassUnchanged() {
        Redactor.secret("test");
        StringWriter sink = new StringWriter();
        PrintWriter w = new PrintWriter(new RedactingWriter(sink), true);
        w.println("table test-orders: password=hunter2 AKIAIOSFODNN7EXAMPLE");
        assertThat(sink.toString().strip()).isEqualTo("table test-orders: password=hunter2 AKIAIOSFODNN7EXAMPLE");
        // messages and traces also mask by form
        assertThat(Redactor.redact("password=hunter2 AKIAIOSFODNN7EXAMPLE")).isEqualTo("password=[redacted] [redacted-key-id]");
    }
}
