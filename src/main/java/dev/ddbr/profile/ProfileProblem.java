package dev.ddbr.profile;

/**
 * A problem at a position in the profile text. Internal: {@link ProfileLoader} turns it into a
 * {@code DdbrException} whose message starts with {@code file:line:column:}.
 */
final class ProfileProblem extends RuntimeException {
    private final YamlNode.Location location;
    private final String hint;

    ProfileProblem(YamlNode.Location location, String message, String hint) {
        super(message, null, false, false);
        this.location = location;
        this.hint = hint;
    }

    YamlNode.Location location() { return location; }

    String hint() { return hint; }
}
