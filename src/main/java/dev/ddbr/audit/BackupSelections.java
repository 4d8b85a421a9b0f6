package dev.ddbr.audit;

import dev.ddbr.audit.iam.Glob;
import dev.ddbr.table.TableSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.backup.model.BackupSelection;
import software.amazon.awssdk.services.backup.model.ConditionParameter;
import software.amazon.awssdk.services.backup.model.Conditions;

/**
 * Whether an AWS Backup selection selects a table, the way AWS Backup assigns resources: a resource is selected
 * when it matches {@code Resources} (ARN patterns) or any of {@code ListOfTags} (OR), is not in
 * {@code NotResources}, and matches every one of {@code Conditions} (AND: StringEquals, StringLike,
 * StringNotEquals, StringNotLike on {@code aws:ResourceTag/KEY}; case-sensitive; {@code *} is the only wildcard).
 * <p>Conservative: where the answer depends on something ddbr cannot know (the table's tags were unreadable, a
 * Not-condition on a tag the table does not have, a key other than a resource tag, a selection with Conditions
 * only) the verdict is "unknown" with the reason, never "selected".
 */
public final class BackupSelections {
    static final String TAG_PREFIX = "aws:ResourceTag/";

    private BackupSelections() {}

    /** @param selected true, false, or null with {@code why} */
    public record Verdict(Boolean selected, String why) {
        static final Verdict YES = new Verdict(true, null);
        static final Verdict NO = new Verdict(false, null);

        static Verdict unknown(String why) { return new Verdict(null, why); }
    }

    public static Verdict selects(BackupSelection s, TableSettings t) {
        if (s.notResources().stream().anyMatch(r -> Glob.matches(r, t.arn(), false))) return Verdict.NO;
        Map<String, String> tags = t.tags();
        boolean byArn = s.resources().stream().anyMatch(r -> Glob.matches(r, t.arn(), false));
        Conditions c = s.conditions();
        boolean hasConditions = c != null && !(c.stringEquals().isEmpty() && c.stringLike().isEmpty()
                && c.stringNotEquals().isEmpty() && c.stringNotLike().isEmpty());
        Boolean base;
        if (byArn) {
            base = true;
        } else if (!s.listOfTags().isEmpty()) {
            if (tags == null) {
                base = null;
            } else {
                base = s.listOfTags().stream().anyMatch(x -> x.conditionValue() != null
                        && x.conditionValue().equals(tags.get(tagKey(x.conditionKey()))));
            }
        } else {
            base = false;
        }
        if (s.resources().isEmpty() && s.listOfTags().isEmpty()) {
            return hasConditions ? Verdict.unknown("it has Conditions but no Resources or ListOfTags") : Verdict.NO;
        }
        if (Boolean.FALSE.equals(base)) return Verdict.NO;
        if (base == null) return Verdict.unknown("it selects by tag (ListOfTags) and the table's tags could not be read");
        if (!hasConditions) return Verdict.YES;
        List<String> unknown = new ArrayList<>();
        for (String op : List.of("StringEquals", "StringLike", "StringNotEquals", "StringNotLike")) {
            List<ConditionParameter> ps = switch (op) {
                case "StringEquals" -> c.stringEquals();
                case "StringLike" -> c.stringLike();
                case "StringNotEquals" -> c.stringNotEquals();
                default -> c.stringNotLike();
            };
            for (ConditionParameter p : ps) {
                String desc = op + " " + p.conditionKey() + "=" + p.conditionValue();
                if (p.conditionKey() == null || !p.conditionKey().startsWith(TAG_PREFIX) || p.conditionValue() == null) {
                    unknown.add(desc + " (not a resource tag condition)");
                    continue;
                }
                if (tags == null) {
                    unknown.add(desc + " (the table's tags could not be read)");
                    continue;
                }
                String value = tags.get(p.conditionKey().substring(TAG_PREFIX.length()));
                boolean negated = op.startsWith("StringNot");
                if (value == null && negated) {
                    unknown.add(desc + " (the table has no tag " + p.conditionKey().substring(TAG_PREFIX.length()) + ")");
                    continue;
                }
                boolean match = value != null && (op.endsWith("Like") ? like(p.conditionValue(), value) : p.conditionValue().equals(value));
                if (negated == match) return Verdict.NO; // every condition must hold
            }
        }
        return unknown.isEmpty() ? Verdict.YES : Verdict.unknown("the outcome of " + String.join(", ", unknown) + " is not certain");
    }

    /**
     * Whether {@code s} names the DynamoDB resource type for the table: a {@code Resources} ARN pattern whose service
     * is literally {@code dynamodb} matches it. AWS Backup applies the Region's service opt-in to assignments that
     * are "only based on tags" (UpdateRegionSettings, ResourceTypeOptInPreference); a resource type explicitly
     * assigned is backed up even when the opt-in is off. A table matched only through {@code ListOfTags} or a
     * wildcard such as {@code *} therefore needs the DynamoDB opt-in.
     */
    public static boolean namesDynamoDb(BackupSelection s, TableSettings t) {
        return s.resources().stream().anyMatch(r -> {
            String[] p = r.split(":", 4);
            return p.length >= 3 && p[0].equals("arn") && p[2].equals("dynamodb") && Glob.matches(r, t.arn(), false);
        });
    }

    /** StringLike: {@code *} matches any run of characters; case-sensitive; nothing else is special. */
    static boolean like(String pattern, String value) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(".*");
            if (!parts[i].isEmpty()) re.append(java.util.regex.Pattern.quote(parts[i]));
        }
        return java.util.regex.Pattern.compile(re.toString(), java.util.regex.Pattern.DOTALL).matcher(value).matches();
    }

    private static String tagKey(String key) {
        return key != null && key.startsWith(TAG_PREFIX) ? key.substring(TAG_PREFIX.length()) : key;
    }
}
