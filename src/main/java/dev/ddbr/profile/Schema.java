package dev.ddbr.profile;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profile schema: every key with its type, default, allowed values and description, in one place.
 * The validator walks it, the binder reads defaults from it, and {@link #reference()} renders it for
 * {@code docs/profile.md}. Add a key here first.
 */
public final class Schema {
    private Schema() {}

    /** The YAML scalar type a value must have. Strings must be strings: quote numbers meant as text. */
    public enum Type {
        STRING("a string"), INTEGER("a number"), NUMBER("a number"), BOOLEAN("a boolean (true or false)");

        private final String expected;

        Type(String expected) { this.expected = expected; }

        /** How the type reads after "expected". */
        public String expected() { return expected; }

        String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /** What is wrong with a value: one-line message (no location) and an optional hint. */
    public record Problem(String message, String hint) {}

    /** A check on a value already of the right type: {@code Long}, {@code Double}, {@code Boolean} or {@code String}. */
    @FunctionalInterface
    public interface Check {
        /** Null when the value is fine. */
        Problem test(Object value, String path);
    }

    /** A node of the schema tree. */
    public sealed interface Node permits Section, MapOf, ListOf, Value {}

    /**
     * One key of a section.
     *
     * @param defaultValue the value used when the key is absent ({@code Integer}, {@code Double},
     *                     {@code Boolean} or {@code String}), or null when absence means "not set"
     */
    public record Field(String key, Node node, boolean required, Object defaultValue, String description) {
        Field withDefault(Object value) { return new Field(key, node, required, value, description); }
    }

    /** A mapping with a fixed set of keys. */
    public record Section(List<Field> fields) implements Node {
        public Section { fields = List.copyOf(fields); }

        public Optional<Field> field(String key) {
            return fields.stream().filter(f -> f.key().equals(key)).findFirst();
        }

        public List<String> keys() { return fields.stream().map(Field::key).toList(); }
    }

    /** A mapping whose keys are data (region names), each key checked by {@code key}. */
    public record MapOf(Value key, String keyName, Node value) implements Node {}

    /**
     * A list.
     *
     * @param itemName  singular noun for messages ("region")
     * @param unique    whether items must be distinct
     * @param uniqueKey with {@code unique}: the key of a section item that must be distinct, or null for
     *                  the item itself
     */
    public record ListOf(Node item, String itemName, int minItems, boolean unique, String uniqueKey) implements Node {}

    /**
     * A scalar.
     *
     * @param allowed what the reference says about allowed values ("1..35"), may be empty
     */
    public record Value(Type type, String allowed, Check check) implements Node {}

    // ---------------------------------------------------------------- value kinds

    static final int MAX_INT = Integer.MAX_VALUE;

    static final Pattern ROLE_ARN = Pattern.compile("^arn:aws(-[a-z]+)*:iam::\\d{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$");
    static final Pattern VAULT_ARN = Pattern.compile(
            "^arn:aws(-[a-z]+)*:backup:[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d:\\d{12}:backup-vault:[a-zA-Z0-9_.-]{2,50}$");
    static final Pattern TABLE_NAME = Pattern.compile("^[a-zA-Z0-9_.-]{3,255}$");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    static final List<String> PLACEHOLDERS = List.of("table", "timestamp", "date");

    static Value string() {
        return new Value(Type.STRING, "", (v, path) -> ((String) v).isBlank()
                ? new Problem(path + " must not be empty", "give a value or remove the key") : null);
    }

    static Value pattern(Pattern regex, String allowed, String what, String example) {
        return new Value(Type.STRING, allowed, (v, path) -> regex.matcher((String) v).matches() ? null
                : new Problem("invalid " + what + " " + Text.single((String) v) + " for " + path, "expected " + example));
    }

    static Value integer(int min, int max) {
        String allowed = max == MAX_INT ? ">= " + min : min + ".." + max;
        return new Value(Type.INTEGER, allowed, (v, path) -> {
            long n = (Long) v;
            if (n >= min && n <= max) return null;
            String range = max == MAX_INT ? "at least " + min : "between " + min + " and " + max;
            return new Problem(path + " must be " + range + ", got " + n, null);
        });
    }

    /** A share of traffic: greater than 0, at most 1. */
    static Value share() {
        return new Value(Type.NUMBER, "> 0 and <= 1", (v, path) -> {
            double d = (Double) v;
            return d > 0 && d <= 1 ? null : new Problem(path + " must be greater than 0 and at most 1, got "
                    + Text.number(d), "a share: 0.05 means 5%");
        });
    }

    /** A number within [min, max]. */
    static Value number(double min, double max, String allowed, String hint) {
        return new Value(Type.NUMBER, allowed, (v, path) -> {
            double d = (Double) v;
            return d >= min && d <= max ? null : new Problem(path + " must be " + allowed + ", got " + Text.number(d), hint);
        });
    }

    static Value bool() { return new Value(Type.BOOLEAN, "true, false", (v, path) -> null); }

    /** One of a closed set of words; a near miss gets "did you mean". */
    static Value oneOf(String... values) {
        List<String> allowed = List.of(values);
        return new Value(Type.STRING, String.join(", ", allowed), (v, path) -> {
            String s = (String) v;
            if (allowed.contains(s)) return null;
            String hint = "allowed values: " + String.join(", ", allowed);
            return Text.closest(s, allowed)
                    .map(c -> new Problem("unknown value " + Text.single(s) + " for " + path + "; did you mean " + Text.single(c) + "?", hint))
                    .orElseGet(() -> new Problem("unknown value " + Text.single(s) + " for " + path + "; " + hint, null));
        });
    }

    /** The same rule as for --region (util/Regions), with "did you mean" for a near miss. */
    static Value region() {
        return new Value(Type.STRING, "region name, e.g. eu-west-1", (v, path) -> {
            String s = (String) v;
            if (dev.ddbr.util.Regions.valid(s)) return null;
            String hint = "expected a region name such as eu-west-1 or us-gov-west-1";
            return dev.ddbr.util.Regions.suggest(s)
                    .map(c -> new Problem("invalid region " + Text.single(s) + " for " + path + "; did you mean " + Text.single(c) + "?", hint))
                    .orElseGet(() -> new Problem("invalid region " + Text.single(s) + " for " + path, hint));
        });
    }

    static Value roleArn() {
        return pattern(ROLE_ARN, "IAM role ARN", "IAM role ARN", "arn:aws:iam::<12-digit account>:role/<name>");
    }

    static Value vaultArn() {
        return pattern(VAULT_ARN, "AWS Backup vault ARN", "backup vault ARN",
                "arn:aws:backup:<region>:<12-digit account>:backup-vault:<name>");
    }

    static Value tableName() {
        return pattern(TABLE_NAME, "3-255 of a-z A-Z 0-9 _ - .", "table name",
                "3 to 255 characters: letters, digits, '_', '-' and '.'");
    }

    /** An absolute http or https URL with a host. */
    static Value url() {
        return new Value(Type.STRING, "http(s) URL", (v, path) -> {
            String s = (String) v;
            Problem bad = new Problem("invalid URL " + Text.single(s) + " for " + path + "; expected an absolute http or https URL",
                    "for example http://127.0.0.1:8000");
            try {
                URI u = new URI(s);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? null : bad;
            } catch (URISyntaxException e) {
                return bad;
            }
        });
    }

    /** A backup name template: must hold {table}; only known placeholders; the rest valid in a backup name. */
    static Value nameTemplate() {
        return new Value(Type.STRING, "must contain {table}; also {timestamp}, {date}", (v, path) -> {
            String s = (String) v;
            Matcher m = PLACEHOLDER.matcher(s);
            while (m.find()) {
                String p = m.group(1);
                if (PLACEHOLDERS.contains(p)) continue;
                String known = "placeholders: {table}, {timestamp}, {date}";
                return Text.closest(p, PLACEHOLDERS)
                        .map(c -> new Problem("unknown placeholder {" + Text.shorten(p) + "} in " + path + "; did you mean {" + c + "}?", known))
                        .orElseGet(() -> new Problem("unknown placeholder {" + Text.shorten(p) + "} in " + path, known));
            }
            if (!s.contains("{table}")) {
                return new Problem(path + " must contain {table}, got " + Text.single(s), "for example {table}-{timestamp}");
            }
            if (!PLACEHOLDER.matcher(s).replaceAll("").matches("[a-zA-Z0-9_.-]*")) {
                return new Problem(path + " may hold only letters, digits, '_', '-', '.' and placeholders, got " + Text.single(s),
                        "AWS backup names allow only those characters");
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- schema tree

    static Field opt(String key, Node node, String description) { return new Field(key, node, false, null, description); }

    static Field req(String key, Node node, String description) { return new Field(key, node, true, null, description); }

    static Section section(Field... fields) { return new Section(Arrays.asList(fields)); }

    /** Keys of {@code aws.endpoints}: "default" and one per service ddbr calls. */
    public static final List<String> ENDPOINT_KEYS = List.of("default", "dynamodb", "backup", "iam", "kms", "sts",
            "cloudwatch", "application_autoscaling", "fis", "route53", "s3", "organizations", "dax", "ec2", "lambda", "sns", "athena", "pricing");

    public static final List<String> RETRY_MODES = List.of("standard", "adaptive", "legacy");
    public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");

    static final Section ENDPOINTS = new Section(ENDPOINT_KEYS.stream()
            .map(k -> opt(k, url(), k.equals("default") ? "endpoint for every service without its own entry"
                    : "endpoint for " + k.replace('_', ' ')))
            .toList());

    static final Section AWS = section(
            opt("profile", string(), "AWS named profile (~/.aws/config) for credentials and settings"),
            opt("region", region(), "AWS region ddbr works in"),
            opt("role_arn", roleArn(), "IAM role assumed through STS for every call"),
            opt("external_id", pattern(Pattern.compile("^[\\w+=,.@:/-]{2,1224}$"), "2-1224 of \\w+=,.@:/-",
                    "external ID", "2 to 1224 characters: letters, digits and +=,.@:/-"), "external ID for the assume-role call"),
            opt("endpoints", ENDPOINTS, "endpoint URL overrides by service; 'default' covers the rest (local emulators)"),
            opt("regions", new MapOf(region(), "region", section(
                    opt("endpoints", ENDPOINTS, "endpoint overrides used when calling this region"))),
                    "per-region overrides, keyed by region name"),
            opt("retry", section(
                    opt("mode", oneOf(RETRY_MODES.toArray(String[]::new)), "SDK retry mode").withDefault("standard"),
                    opt("max_attempts", integer(1, 50), "attempts per call, the first included").withDefault(8)),
                    "SDK retries"));

    /** A string checked by a parser that throws DdbrException (rate schedules, sizes, key distributions, SLOs). */
    static Value parsed(String allowed, java.util.function.BiConsumer<String, String> parser) {
        return new Value(Type.STRING, allowed, (v, path) -> {
            try {
                parser.accept((String) v, path);
                return null;
            } catch (dev.ddbr.error.DdbrException e) {
                return new Problem(e.getMessage(), e.hint());
            }
        });
    }

    static final Pattern WORKLOAD_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$");

    /** One named workload of {@code ddbr load run --workload NAME}. */
    static final Section LOAD_WORKLOAD = section(
            opt("rate", parsed("RATE, or RATE:DURATION steps and 'ramp FROM..TO:DURATION' parts, comma-separated",
                    (v, path) -> dev.ddbr.load.RateSchedule.parse(v, java.time.Duration.ofDays(365), path)),
                    "offered operations per second, e.g. 2000 or '500:2m,2000:5m,ramp 2000..8000:10m'"),
            opt("duration", parsed("a duration: 90s, 10m, 1h", (v, path) -> dev.ddbr.util.Durations.parse(v, path)),
                    "how long a constant rate (or the last step) lasts; a longer schedule is cut there"),
            opt("workers", integer(1, 4096), "operations in flight at once (a bounded pool)"),
            opt("mix", new Section(java.util.Arrays.stream(dev.ddbr.load.OpKind.values())
                    .map(k -> opt(k.profileKey(), integer(0, 1_000_000), "weight of " + k.key())).toList()),
                    "operation weights, e.g. {get: 80, put: 15, query: 5}"),
            opt("item_size", parsed("1KB, 900B..4KB, or 1KB:80,4KB:20", (v, path) -> dev.ddbr.load.ItemSize.parse(v, path)),
                    "size of the items written (DynamoDB's measure)"),
            opt("keys", parsed("uniform, zipfian[:THETA], hotkey:K:SHARE",
                    (v, path) -> dev.ddbr.load.KeyDistribution.spec(v, path)), "key distribution"),
            opt("key_count", integer(1, 1_000_000_000), "distinct partition keys the load uses"),
            opt("index_keys", parsed("uniform, zipfian[:THETA], hotkey:K:SHARE",
                    (v, path) -> dev.ddbr.load.KeyDistribution.spec(v, path)),
                    "distribution of the GSI key values put and update write, over key_count values (default: the item's key)"),
            opt("keys_from", string(), "a skew report (ddbr skew scan|export -o json) whose top-key shares to reproduce"),
            opt("slo", new ListOf(parsed("p99<=20ms, throttles<=0.1%, errors==0, rate>=99%",
                    (v, path) -> dev.ddbr.load.Slo.parse(v, path)), "SLO", 0, true, null), "gates: the run exits 1 when one is breached"));

    /** DynamoDB operations as CloudWatch names them in the {@code Operation} dimension (SystemErrors, latency). */
    public static final List<String> OPERATIONS = List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query",
            "Scan", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems", "ExecuteStatement",
            "BatchExecuteStatement", "ExecuteTransaction", "GetRecords");

    public static final Pattern SNS_ARN = Pattern.compile(
            "^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$");

    static Value snsArn() {
        return pattern(SNS_ARN, "SNS topic ARN", "SNS topic ARN", "arn:aws:sns:<region>:<12-digit account>:<topic>");
    }

    /**
     * The {@code alarms} section: profile-wide with defaults ({@code global}), or a table's overrides (no
     * defaults: absent means "the profile-wide value").
     */
    static Section alarms(boolean global) {
        List<Field> f = new ArrayList<>();
        f.add(opt("topics", section(
                opt("page", snsArn(), "SNS topic for alarms that page (throttling, errors, replication, account)"),
                opt("ticket", snsArn(), "SNS topic for alarms that open a ticket (latency, utilization, key range, Kinesis)")),
                "SNS topics by severity; --topic ARN replaces both"));
        f.add(def(global, opt("throttle_events", integer(0, MAX_INT), "read/write throttle events per minute above which, 5 minutes running, an alarm fires"), 0));
        f.add(def(global, opt("key_range_throttle_events", integer(0, MAX_INT), "key-range (hot partition) throttle events per minute above which the alarm fires"), 0));
        f.add(def(global, opt("system_errors", integer(0, MAX_INT), "system errors per minute, summed over the operations, above which the alarm fires"), 0));
        f.add(opt("operations", new ListOf(oneOf(OPERATIONS.toArray(String[]::new)), "operation", 1, true, null),
                "operations the workload uses, for SystemErrors (default: the ten item and transaction operations)"));
        f.add(opt("latency_ms", new MapOf(oneOf(OPERATIONS.toArray(String[]::new)), "operation", integer(1, 600_000)),
                "SuccessfulRequestLatency threshold in milliseconds, per operation; one alarm each"));
        f.add(def(global, opt("latency_statistic", oneOf("p99", "average"), "statistic the latency alarms compare"), "p99"));
        f.add(def(global, opt("utilization_percent", integer(1, 100), "provisioned tables: consumed share of provisioned capacity (or of the auto scaling maximum) that fires"), 80));
        f.add(def(global, opt("on_demand_percent", integer(1, 100), "on-demand tables with a maximum throughput: consumed share of it that fires"), 80));
        if (global) {
            f.add(opt("account_utilization_percent", integer(1, 100), "AccountProvisioned{Read,Write}CapacityUtilization that fires, once per Region").withDefault(80));
        }
        f.add(opt("replication_latency_seconds", integer(1, 86_400), "global tables: average ReplicationLatency that fires (default: failover.rpo_seconds, else 180)"));
        f.add(def(global, opt("kinesis_age_seconds", integer(1, 86_400), "Kinesis destinations: AgeOfOldestUnreplicatedRecord that fires"), 600));
        return new Section(f);
    }

    private static Field def(boolean global, Field f, Object value) { return global ? f.withDefault(value) : f; }

    static final Section ALARMS = alarms(true);
    static final Section TABLE_ALARMS = alarms(false);

    static final Section TABLE = section(
            req("name", tableName(), "DynamoDB table name"),
            opt("skew", section(
                    opt("max_key_share", share(), "the largest share of a table's or GSI's items (of its requests for skew insights) one partition key may hold; above it the key is reported SKEWED, and HOT (exit 1) when it could also throttle at the table's size").withDefault(0.10),
                    opt("top", integer(1, 1000), "how many of the hottest keys reports list").withDefault(10)),
                    "hot-key detection"),
            opt("pitr", section(
                    opt("required", bool(), "point-in-time recovery must be on").withDefault(false),
                    opt("recovery_days", integer(1, 35), "PITR recovery period, in days").withDefault(35)),
                    "point-in-time recovery"),
            opt("backup", section(
                    opt("keep_last", integer(1, MAX_INT), "prune keeps at least this many newest on-demand backups"),
                    opt("max_age_days", integer(1, MAX_INT), "prune deletes backups older than this, beyond keep_last"),
                    opt("name_template", nameTemplate(), "name of backups ddbr creates").withDefault("{table}-{timestamp}"),
                    opt("schedule", string(), "when backups run, informational (e.g. daily)"),
                    opt("copy_to", section(
                            req("vault_arn", vaultArn(), "AWS Backup vault receiving copies"),
                            opt("role_arn", roleArn(), "IAM role AWS Backup uses for the copy"),
                            opt("verify_role_arn", roleArn(), "IAM role ddbr assumes to check the copy"),
                            opt("delete_after_days", integer(1, MAX_INT), "the copy's retention (StartCopyJob Lifecycle.DeleteAfterDays); a locked destination vault's minimum and maximum retention must allow it")),
                            "cross-region or cross-account backup copy"),
                    opt("verify", section(
                            opt("enabled", bool(), "restore-test backups after creating them").withDefault(false),
                            opt("sample_items", integer(1, 1_000_000), "items compared in a verify restore").withDefault(100)),
                            "backup verification")),
                    "on-demand backups and retention; backup run acts only on tables that have this section (backup: {} for all defaults)"),
            opt("failover", section(
                    req("regions", new ListOf(region(), "region", 2, true, null), "replica regions, primary first"),
                    opt("rpo_seconds", integer(1, MAX_INT), "recovery point objective"),
                    opt("rto_seconds", integer(1, MAX_INT), "recovery time objective"),
                    opt("app_switch_seconds", integer(0, MAX_INT), "time the application needs to switch region").withDefault(0),
                    opt("route53", section(
                            req("hosted_zone_id", pattern(Pattern.compile("^(/hostedzone/)?[A-Z0-9]{1,32}$"),
                                    "Route 53 zone ID", "hosted zone ID", "an ID such as Z0123456789ABCDEFGHIJ"), "hosted zone of the record"),
                            req("record_name", pattern(Pattern.compile("^(?=.{1,254}$)(\\*\\.)?([a-zA-Z0-9_-]{1,63}\\.)*[a-zA-Z0-9_-]{1,63}\\.?$"),
                                    "DNS name", "DNS name", "a name such as api.example.com"), "DNS record that moves between regions"),
                            opt("health_check_ids", new ListOf(string(), "health check ID", 0, true, null), "Route 53 health checks guarding the record")),
                            "DNS failover"),
                    opt("fis_template_id", pattern(Pattern.compile("^EXT[a-zA-Z0-9]{2,63}$"), "FIS template ID",
                            "FIS experiment template ID", "an ID such as EXT6Tp8mrjRkVX9"), "AWS FIS experiment template for drills")),
                    "multi-region failover"),
            opt("load", section(
                    opt("workloads", new MapOf(pattern(WORKLOAD_NAME, "1-64 of a-z A-Z 0-9 _ - .", "workload name",
                            "a name such as checkout-peak"), "workload", LOAD_WORKLOAD), "named workloads for ddbr load run --workload")),
                    "load testing"),
            opt("audit", section(
                    opt("min_pitr_days", integer(1, 35), "overrides audit.min_pitr_days for this table"),
                    opt("max_backup_age_hours", integer(1, MAX_INT), "overrides audit.max_backup_age_hours for this table")),
                    "audit thresholds for this table"),
            opt("alarms", TABLE_ALARMS, "this table's overrides of the profile-wide alarms settings"));

    static final Section AUDIT = section(
            opt("require_customer_managed_key", bool(), "tables must be encrypted with a customer managed KMS key").withDefault(false),
            opt("fail_on", oneOf(SEVERITIES.toArray(String[]::new)), "lowest finding severity that fails the audit (exit 1)").withDefault("low"),
            opt("min_pitr_days", integer(1, 35), "shortest acceptable PITR recovery period").withDefault(35),
            opt("max_backup_age_hours", integer(1, MAX_INT), "newest backup must be younger than this").withDefault(26),
            opt("backup_role_arn", roleArn(), "IAM role AWS Backup should use, checked by the audit"),
            opt("vpcs", new ListOf(pattern(Pattern.compile("^vpc-[0-9a-f]{8}([0-9a-f]{9})?$"), "vpc-xxxxxxxx", "VPC ID",
                    "an ID such as vpc-0123456789abcdef0"), "VPC ID", 0, true, null),
                    "VPCs whose DynamoDB endpoints (gateway or interface), route tables and endpoint policies the audit checks"));

    static final Section CAPACITY = section(
            opt("target_utilization", number(0.20, 0.90, "0.2..0.9", "a share: 0.70 means 70%, as auto scaling's target value 70"),
                    "auto scaling target utilisation simulated and recommended").withDefault(0.70),
            opt("min_monthly_saving_usd", number(0, 1e12, ">= 0", null),
                    "a change is recommended for cost only when it saves at least this much a month (USD)").withDefault(10.0),
            opt("min_saving_share", number(0, 1, "0..1", "a share: 0.10 means 10%"),
                    "... and at least this share of the current monthly cost").withDefault(0.10),
            opt("max_throttled_minutes", integer(0, MAX_INT),
                    "simulated throttled minutes over the window above which settings are a risk").withDefault(0),
            opt("prices", new Section(java.util.stream.Stream.concat(
                    CapacitySettings.PRICE_KEYS.stream().map(k -> opt(k, number(0, 1e6, ">= 0", "a price in USD"),
                            "USD " + k.replace('_', ' ').replace("ia ", "Standard-IA ").replace(" per million", " per million units")
                                    .replace(" hour", " per hour").replace("gb month", "per GB-month"))),
                    java.util.stream.Stream.of(opt("source", string(), "where these prices come from, shown in the basis"))).toList()),
                    "price overrides (USD); absent keys keep the built-in us-east-1 list prices"));

    /** Athena names: workgroups 1-128 of a-z A-Z 0-9 . _ -; Glue databases 1-255 lower-case letters, digits, _. */
    public static final Pattern ATHENA_WORKGROUP = Pattern.compile("^[a-zA-Z0-9._-]{1,128}$");
    public static final Pattern GLUE_DATABASE = Pattern.compile("^[a-z0-9_]{1,255}$");
    public static final Pattern S3_URL = Pattern.compile("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$");

    static final Section ATHENA = section(
            opt("workgroup", pattern(ATHENA_WORKGROUP, "1-128 of a-z A-Z 0-9 . _ -", "Athena workgroup",
                    "a name such as primary"), "Athena workgroup the queries run in").withDefault(AthenaSettings.DEFAULT_WORKGROUP),
            opt("database", pattern(GLUE_DATABASE, "1-255 of a-z 0-9 _", "Glue database", "a name such as default"),
                    "Glue Data Catalog database that holds the temporary table").withDefault(AthenaSettings.DEFAULT_DATABASE),
            opt("output", pattern(S3_URL, "s3://bucket/prefix", "S3 location", "a location such as s3://my-athena-results/ddbr/"),
                    "where Athena writes query results (default: the workgroup's result location)"),
            opt("auto_threshold", parsed(dev.ddbr.util.ByteSizes.SYNTAX, (v, path) -> dev.ddbr.util.ByteSizes.parse(v, path)),
                    "skew export --engine auto uses Athena for exports of at least this size (the manifest's billed size), the local reader below")
                    .withDefault(AthenaSettings.DEFAULT_AUTO_THRESHOLD));

    /** The whole profile. */
    static final Section RESTORE = section(
            opt("verify_items_max_gib", integer(0, MAX_INT), "restores count the items of the restored table (and of the "
                    + "source at the restore's time, where known) by default when the source is at most this many GiB; "
                    + "0: only with --verify-items").withDefault(1));

    public static final Section PROFILE = section(
            opt("aws", AWS, "how ddbr reaches AWS"),
            opt("tables", new ListOf(TABLE, "table", 0, true, "name"), "per-table settings"),
            opt("audit", AUDIT, "audit settings"),
            opt("restore", RESTORE, "restore settings"),
            opt("alarms", ALARMS, "CloudWatch alarms that 'ddbr alarms plan|apply' keep in step with the tables"),
            opt("capacity", CAPACITY, "capacity advice: auto scaling target, materiality thresholds, prices"),
            opt("athena", ATHENA, "Amazon Athena for 'skew export --engine athena|auto'"));

    // ---------------------------------------------------------------- secrets

    private static final Pattern SECRET_KEY = Pattern.compile(
            ".*(secret|password|passwd|passphrase|token|access_key|private_key|credential|api_key).*");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])");

    /** Keys such as {@code aws_secret_access_key}, {@code session_token} or {@code password}. */
    public static boolean looksSecret(String key) {
        return SECRET_KEY.matcher(Text.normalise(key)).matches();
    }

    /** Text containing an AWS access key ID. */
    static boolean holdsAccessKeyId(String value) {
        return ACCESS_KEY_ID.matcher(value).find();
    }

    // ---------------------------------------------------------------- reference

    /** One row of the field reference. */
    public record FieldDoc(String path, String type, boolean required, String defaultValue, String allowed, String description) {}

    /**
     * Every key, depth first, with {@code tables[].x} for list items and {@code <region>} for map keys. A
     * section used twice (endpoints) is spelled out once and referred to after that.
     */
    public static List<FieldDoc> reference() {
        List<FieldDoc> out = new ArrayList<>();
        describe(PROFILE, "", out, new IdentityHashMap<>());
        return out;
    }

    private static void describe(Section section, String prefix, List<FieldDoc> out, Map<Section, String> seen) {
        for (Field f : section.fields()) {
            String path = prefix.isEmpty() ? f.key() : prefix + "." + f.key();
            Node n = f.node();
            String allowed = allowed(n);
            if (n instanceof Section s && seen.containsKey(s)) allowed = "the keys of " + seen.get(s);
            out.add(new FieldDoc(path, typeName(n), f.required(),
                    f.defaultValue() == null ? "" : String.valueOf(f.defaultValue()), allowed, f.description()));
            if (n instanceof ListOf l) {
                path += "[]";
                n = l.item();
            }
            if (n instanceof MapOf m) {
                path += ".<" + m.keyName() + ">";
                n = m.value();
            }
            if (n instanceof Section s && !seen.containsKey(s)) {
                seen.put(s, path);
                describe(s, path, out, seen);
            }
        }
    }

    private static String typeName(Node n) {
        if (n instanceof Section) return "mapping";
        if (n instanceof MapOf m) return "mapping of " + m.keyName() + " to " + typeName(m.value());
        if (n instanceof ListOf l) return "list of " + typeName(l.item()) + "s";
        return ((Value) n).type().label();
    }

    private static String allowed(Node n) {
        if (n instanceof ListOf l) {
            List<String> parts = new ArrayList<>();
            if (l.minItems() > 0) parts.add("at least " + l.minItems());
            if (l.unique()) parts.add(l.uniqueKey() == null ? "distinct" : "distinct " + l.uniqueKey());
            String item = allowed(l.item());
            if (!item.isEmpty()) parts.add("each: " + item);
            return String.join("; ", parts);
        }
        return n instanceof Value v ? v.allowed() : "";
    }

    /** The reference as a Markdown table, as included in docs/profile.md. */
    public static String markdownReference() {
        StringBuilder sb = new StringBuilder("| Key | Type | Default | Allowed | Description |\n| --- | --- | --- | --- | --- |\n");
        for (FieldDoc d : reference()) {
            sb.append("| `").append(d.path()).append('`').append(d.required() ? " (required)" : "")
                    .append(" | ").append(d.type())
                    .append(" | ").append(d.defaultValue().isEmpty() ? "" : "`" + d.defaultValue() + "`")
                    .append(" | ").append(md(d.allowed()))
                    .append(" | ").append(md(d.description())).append(" |\n");
        }
        return sb.toString();
    }

    private static String md(String s) { return s.replace("|", "\\|"); }
}
