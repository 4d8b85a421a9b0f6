package dev.ddbr.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ddbr.profile.AuditSettings.Severity;
import dev.ddbr.profile.AwsSettings.RetryMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
    @TempDir Path dir;

    static final String FULL = """
            aws:
              profile: prod-ops
              region: eu-west-1
              role_arn: arn:aws:iam::111111111111:role/ddbr-operator
              external_id: ddbr-prod
              endpoints: {dynamodb: "http://127.0.0.1:8000", default: "http://127.0.0.1:5000"}
              regions:
                us-east-1: {endpoints: {dynamodb: "http://127.0.0.1:8001"}}
              retry: {mode: adaptive, max_attempts: 12}
            tables:
              - name: orders
                skew: {max_key_share: 0.05, top: 20}
                pitr: {required: true, recovery_days: 14}
                backup:
                  keep_last: 7
                  max_age_days: 35
                  name_template: "{table}-{timestamp}"
                  schedule: daily
                  copy_to:
                    vault_arn: "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr"
                    role_arn: arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole
                    verify_role_arn: arn:aws:iam::222222222222:role/ddbr-verify
                  verify: {enabled: true, sample_items: 500}
                failover:
                  regions: [eu-west-1, us-east-1]
                  rpo_seconds: 5
                  rto_seconds: 300
                  app_switch_seconds: 60
                  route53:
                    hosted_zone_id: Z0123456789ABCDEFGHIJ
                    record_name: api.example.com
                    health_check_ids: [0f4a2b4c-1d2e-4f60-8a9b-0c1d2e3f4a5b]
                  fis_template_id: EXT6Tp8mrjRkVX9
                audit: {min_pitr_days: 14, max_backup_age_hours: 30}
              - name: customers.v2
            audit:
              require_customer_managed_key: true
              fail_on: high
              min_pitr_days: 7
              max_backup_age_hours: 26
              backup_role_arn: arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole
            """;

    @Test
    void fullProfileParsesIntoRecords() throws IOException {
        Path file = Files.writeString(dir.resolve("prod.yaml"), FULL);

        Profile p = ProfileLoader.load(file);

        assertThat(p.source()).contains(file);
        assertThat(p.aws()).isEqualTo(new AwsSettings(Optional.of("prod-ops"), Optional.of("eu-west-1"),
                Optional.of("arn:aws:iam::111111111111:role/ddbr-operator"), Optional.of("ddbr-prod"),
                Map.of("dynamodb", "http://127.0.0.1:8000", "default", "http://127.0.0.1:5000"),
                Map.of("us-east-1", Map.of("dynamodb", "http://127.0.0.1:8001")),
                new AwsSettings.Retry(RetryMode.ADAPTIVE, 12)));
        assertThat(p.aws().endpoints().keySet()).as("schema order").containsExactly("default", "dynamodb");
        assertThat(p.aws().retry().mode().key()).isEqualTo("adaptive");

        assertThat(p.tables()).extracting(TableProfile::name).containsExactly("orders", "customers.v2");
        TableProfile orders = p.table("orders").orElseThrow();
        assertThat(orders).isEqualTo(new TableProfile("orders",
                new TableProfile.Skew(0.05, 20),
                new TableProfile.Pitr(true, 14),
                new TableProfile.Backup(Optional.of(7), Optional.of(35), "{table}-{timestamp}", Optional.of("daily"),
                        Optional.of(new TableProfile.CopyTo("arn:aws:backup:eu-central-1:222222222222:backup-vault:dr",
                                Optional.of("arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole"),
                                Optional.of("arn:aws:iam::222222222222:role/ddbr-verify"))),
                        new TableProfile.Verify(true, 500)),
                Optional.of(new TableProfile.Failover(List.of("eu-west-1", "us-east-1"), Optional.of(5), Optional.of(300), 60,
                        Optional.of(new TableProfile.Route53("Z0123456789ABCDEFGHIJ", "api.example.com",
                                List.of("0f4a2b4c-1d2e-4f60-8a9b-0c1d2e3f4a5b"))),
                        Optional.of("EXT6Tp8mrjRkVX9"))),
                new TableProfile.Audit(Optional.of(14), Optional.of(30))));

        assertThat(p.audit()).isEqualTo(new AuditSettings(true, Severity.HIGH, 7, 26,
                Optional.of("arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole")));
        assertThat(p.auditFor("orders")).isEqualTo(new AuditSettings(true, Severity.HIGH, 14, 30, p.audit().backupRoleArn()));
        assertThat(p.auditFor("customers.v2")).isEqualTo(p.audit());
        assertThat(p.auditFor("unlisted")).isEqualTo(p.audit());
    }

    @Test
    void absentSectionsGetDefaults() {
        Profile p = ProfileLoader.parse("tables:\n  - name: orders\n", "t.yaml");

        assertThat(p.source()).isEmpty();
        assertThat(p.aws()).isEqualTo(AwsSettings.NONE);
        assertThat(p.aws().retry()).isEqualTo(new AwsSettings.Retry(RetryMode.STANDARD, 8));
        TableProfile t = p.table("orders").orElseThrow();
        assertThat(t.skew()).isEqualTo(new TableProfile.Skew(0.10, 10));
        assertThat(t.pitr()).isEqualTo(new TableProfile.Pitr(false, 35));
        assertThat(t.backup()).isEqualTo(new TableProfile.Backup(Optional.empty(), Optional.empty(), "{table}-{timestamp}",
                Optional.empty(), Optional.empty(), new TableProfile.Verify(false, 100)));
        assertThat(t.failover()).isEmpty();
        assertThat(t.audit()).isEqualTo(TableProfile.Audit.NONE);
        assertThat(p.audit()).isEqualTo(new AuditSettings(false, Severity.LOW, 35, 26, Optional.empty()));
        assertThat(t).isEqualTo(TableProfile.defaults("orders"));
    }

    @Test
    void aBackupSectionIsDeclaredEvenWhenEmptyAndAbsentIsNot() {
        Profile p = ProfileLoader.parse("""
                tables:
                  - name: none
                    skew: {top: 5}
                  - name: braces
                    backup: {}
                  - name: bare
                    backup:
                  - name: set
                    backup: {keep_last: 3}
                """, "t.yaml");
        assertThat(p.tables()).extracting(t -> t.name() + "=" + t.backupDeclared())
                .containsExactly("none=false", "braces=true", "bare=true", "set=true");
        // the settings are the defaults either way
        assertThat(p.table("none").orElseThrow().backup()).isEqualTo(p.table("bare").orElseThrow().backup());
        assertThat(TableProfile.defaults("x").backupDeclared()).isFalse();
    }

    @Test
    void emptySectionsAreAllowed() {
        Profile p = ProfileLoader.parse("aws:\ntables:\naudit: {}\n", "t.yaml");
        assertThat(p).isEqualTo(Profile.empty());
    }

    @Test
    void emptyProfile() {
        Profile p = Profile.empty();
        assertThat(p.tables()).isEmpty();
        assertThat(p.source()).isEmpty();
        assertThat(p.aws().region()).isEmpty();
        assertThat(p.audit().failOn()).isEqualTo(Severity.LOW);
        assertThat(p.table("orders")).isEmpty();
        assertThat(p.tableOrDefaults("orders")).isEqualTo(TableProfile.defaults("orders"));
        assertThat(p.toResolvedMap()).isEqualTo(Map.of(
                "aws", Map.of("retry", Map.of("mode", "standard", "max_attempts", 8)),
                "tables", List.of(),
                "audit", Map.of("require_customer_managed_key", false, "fail_on", "low", "min_pitr_days", 35,
                        "max_backup_age_hours", 26),
                "restore", Map.of("verify_items_max_gib", 1),
                "alarms", Map.of("throttle_events", 0, "key_range_throttle_events", 0, "system_errors", 0,
                        "latency_statistic", "p99", "utilization_percent", 80, "on_demand_percent", 80,
                        "account_utilization_percent", 80, "kinesis_age_seconds", 600)));
    }

    @Test
    void yamlFlavoursThatAreAccepted() {
        Profile p = ProfileLoader.parse("""
                \uFEFF# a BOM and a comment first
                aws: {region: 'us-gov-west-1', retry: {max_attempts: +3}}
                tables:
                  - {name: "orders", pitr: {required: TRUE}, skew: {max_key_share: 1}}
                  - {name: Orders, skew: {max_key_share: 5e-2}}
                audit: {fail_on: critical}
                ---
                """, "t.yaml");
        assertThat(p.aws().region()).contains("us-gov-west-1");
        assertThat(p.aws().retry().maxAttempts()).isEqualTo(3);
        assertThat(p.table("orders").orElseThrow().pitr().required()).isTrue();
        assertThat(p.table("orders").orElseThrow().skew().maxKeyShare()).isEqualTo(1.0);
        assertThat(p.table("Orders").orElseThrow().skew().maxKeyShare()).isEqualTo(0.05);
    }

    @Test
    void resolvedMapFillsDefaultsAndMergesTableAudit() {
        Profile p = ProfileLoader.parse("""
                aws: {region: eu-west-1}
                tables:
                  - name: orders
                    audit: {min_pitr_days: 14}
                audit: {max_backup_age_hours: 48}
                """, "t.yaml");

        Map<String, Object> resolved = p.toResolvedMap();

        assertThat(resolved.keySet()).containsExactly("aws", "tables", "audit", "restore", "alarms");
        assertThat(resolved.get("aws")).isEqualTo(Map.of("region", "eu-west-1",
                "retry", Map.of("mode", "standard", "max_attempts", 8)));
        @SuppressWarnings("unchecked")
        Map<String, Object> orders = ((List<Map<String, Object>>) resolved.get("tables")).get(0);
        // no backup: section in the file, none in the resolved map ('backup run' skips the table)
        assertThat(orders.keySet()).containsExactly("name", "skew", "pitr", "audit");
        assertThat(orders.get("skew")).isEqualTo(Map.of("max_key_share", 0.10, "top", 10));
        assertThat(orders.get("pitr")).isEqualTo(Map.of("required", false, "recovery_days", 35));
        Profile withBackup = ProfileLoader.parse("tables:\n  - name: orders\n    backup:\n", "b.yaml");
        @SuppressWarnings("unchecked")
        Map<String, Object> declared = ((List<Map<String, Object>>) withBackup.toResolvedMap().get("tables")).get(0);
        assertThat(declared.get("backup")).isEqualTo(Map.of("name_template", "{table}-{timestamp}",
                "verify", Map.of("enabled", false, "sample_items", 100)));
        assertThat(orders.get("audit")).isEqualTo(Map.of("min_pitr_days", 14, "max_backup_age_hours", 48));
        assertThat(resolved.get("audit")).isEqualTo(Map.of("require_customer_managed_key", false, "fail_on", "low",
                "min_pitr_days", 35, "max_backup_age_hours", 48));
        assertThatThrownBy(() -> resolved.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void resolvedMapIsItselfAValidProfile() throws IOException {
        Map<String, Object> resolved = ProfileLoader.parse(FULL, "full.yaml").toResolvedMap();
        String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(resolved);

        Profile again = ProfileLoader.parse(yaml, "resolved.yaml");

        assertThat(again.toResolvedMap()).isEqualTo(resolved);
    }

    @Test
    void resolvedMapCoversEverySchemaKey() throws IOException {
        String uncommented = ProfileTemplatesTest.uncommented(ProfileTemplates.starter());
        Map<String, Object> resolved = ProfileLoader.parse(uncommented, "starter.yaml").toResolvedMap();

        List<String> schemaPaths = Schema.reference().stream().map(Schema.FieldDoc::path).toList();
        List<String> resolvedPaths = new java.util.ArrayList<>();
        collectPaths(resolved, "", resolvedPaths);

        assertThat(resolvedPaths).containsExactlyInAnyOrderElementsOf(schemaPaths.stream()
                .filter(path -> !path.startsWith("aws.endpoints.") && !path.startsWith("aws.regions.<region>.endpoints."))
                .toList());
    }

    /** Paths as the reference writes them: tables[].name, aws.regions.<region>.endpoints. */
    @SuppressWarnings("unchecked")
    private static void collectPaths(Object node, String prefix, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            if (prefix.endsWith(".endpoints") || prefix.endsWith(".latency_ms")) return; // keys are data
            for (Map.Entry<?, ?> e : m.entrySet()) {
                boolean named = prefix.equals("aws.regions") || prefix.endsWith(".load.workloads");
                String key = prefix.equals("aws.regions") ? "<region>" : prefix.endsWith(".load.workloads") ? "<workload>" : (String) e.getKey();
                String path = prefix.isEmpty() ? key : prefix + "." + key;
                if (!named) out.add(path);
                collectPaths(e.getValue(), path, out);
            }
        } else if (node instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map) {
            for (Object item : l) {
                List<String> sub = new java.util.ArrayList<>();
                collectPaths(item, prefix + "[]", sub);
                sub.stream().filter(s -> !out.contains(s)).forEach(out::add);
            }
        }
    }

    @Test
    void backupNamesFollowTheTemplate() {
        TableProfile.Backup b = ProfileLoader.parse("tables:\n  - {name: orders, backup: {name_template: 'ddbr.{table}.{date}.{timestamp}'}}\n",
                "t.yaml").table("orders").orElseThrow().backup();
        assertThat(b.backupName("orders", Instant.parse("2025-01-31T23:59:58Z")))
                .isEqualTo("ddbr.orders.2025-01-31.20250131T235958Z");
        assertThat(TableProfile.defaults("orders").backup().backupName("orders", Instant.parse("2025-01-31T23:59:58Z")))
                .isEqualTo("orders-20250131T235958Z");
    }

    @Test
    void severityOrder() {
        assertThat(Severity.CRITICAL.atLeast(Severity.HIGH)).isTrue();
        assertThat(Severity.HIGH.atLeast(Severity.HIGH)).isTrue();
        assertThat(Severity.MEDIUM.atLeast(Severity.HIGH)).isFalse();
        assertThat(Severity.INFO.atLeast(Severity.LOW)).isFalse();
    }

    @Test
    void recordsAreImmutable() {
        Profile p = ProfileLoader.parse(FULL, "full.yaml");
        assertThatThrownBy(() -> p.tables().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.aws().endpoints().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.aws().regionEndpoints().get("us-east-1").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.tables().get(0).failover().orElseThrow().regions().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
