package dev.ddbr.output;

/** What stdout carries. Closed set: picocli validates it and completion knows it. */
public enum OutputFormat {
    text, json, yaml
}
