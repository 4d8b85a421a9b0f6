package dev.ddbr.table;

import dev.ddbr.error.DdbrException;
import java.util.regex.Pattern;

/** DynamoDB's rule for table and index names: 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'. */
public final class TableNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private TableNames() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Throws exit 252 with the rule when {@code name} cannot be a table name; checked before any AWS call. */
    public static String require(String name) {
        if (isValid(name)) return name;
        String shown = name == null ? "" : name.length() > 60 ? name.substring(0, 60) + "..." : name;
        String why = name == null || name.length() < 3 ? "is shorter than 3 characters"
                : name.length() > 255 ? "is longer than 255 characters" : "has characters other than a-z A-Z 0-9 _ - .";
        throw DdbrException.invalid("invalid table name '" + shown + "': it " + why,
                "DynamoDB table names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.'");
    }
}
