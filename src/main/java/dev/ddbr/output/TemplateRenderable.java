package dev.ddbr.output;

/**
 * A result that can be written as infrastructure as code: {@code -o cloudformation} (a CloudFormation template)
 * or {@code -o terraform} (Terraform JSON configuration). Other commands refuse those formats with exit 252.
 */
public interface TemplateRenderable {
    /** The template as plain maps and lists, for {@code format} (cloudformation or terraform). */
    Object toTemplate(OutputFormat format);
}
