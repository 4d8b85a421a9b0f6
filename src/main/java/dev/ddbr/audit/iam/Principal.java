package dev.ddbr.audit.iam;

import java.util.List;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

/**
 * An IAM role or user with every policy that grants it permissions: inline, attached managed, and (for users)
 * its groups' inline and attached policies; and its permission boundary.
 *
 * @param kind        role, user or group
 * @param sources     where each policy came from ("inline ddb-admin", "managed AdministratorAccess", "group ops: inline x")
 * @param boundary    the permission boundary, or null
 */
public record Principal(String kind, String name, String arn, List<IamPolicy> policies, List<String> sources,
                        IamPolicy boundary, String boundaryArn) {
    public Principal {
        policies = List.copyOf(policies);
        sources = List.copyOf(sources);
    }
}
