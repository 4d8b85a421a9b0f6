package dev.ddbr.output;

/**
 * What stdout carries. Closed set: picocli validates it and completion knows it. {@code sarif} is only for
 * {@code ddbr audit} (SARIF 2.1.0 for code-scanning dashboards); every other command rejects it with exit 252
 * before doing anything, see {@link SarifRenderable}.
 */
public enum OutputFormat {
    text, json, yaml, sarif,
    /** A CloudFormation template (JSON): only for the plans of {@code alarms} and {@code dashboard}; see {@link TemplateRenderable}. */
    cloudformation,
    /** Terraform JSON configuration: only for the plans of {@code alarms} and {@code dashboard}. */
    terraform;

    /** Whether this is one of the infrastructure-as-code formats. */
    public boolean isTemplate() { return this == cloudformation || this == terraform; }

    /** The formats every command takes, as shown in help and offered by completion. */
    public static final class Common implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return java.util.List.of("text", "json", "yaml").iterator(); }
    }
}
