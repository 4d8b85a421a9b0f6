package dev.ddbr.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
    /**
     * A server that echoes the request's headers as a Python dict (single quotes) must not get a short session token
     * printed: value masking skips values under 16 characters, so the key-based pattern has to see single quotes too.
     */
    @Test
    void aTokenEchoedWithSingleQuotesIsMaskedWhateverItsLength() {
        String echoed = "error: {'X-Amz-Security-Token': 'SeCrEtToKeN123', 'Host': 'x'}";
        assertThat(Redactor.redact(echoed)).doesNotContain("SeCrEtToKeN123").contains(Redactor.MASK).contains("'Host': 'x'");
    }

    @Test
    void doubleQuotedAndKeyValueFormsStayMasked() {
        assertThat(Redactor.redact("{\"sessionToken\": \"abc123\"}")).doesNotContain("abc123");
        assertThat(Redactor.redact("aws_secret_access_key=wJalrXUtnFEMI")).doesNotContain("wJalrXUtnFEMI");
    }
}
