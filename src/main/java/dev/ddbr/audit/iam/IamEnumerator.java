package dev.ddbr.audit.iam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GroupDetail;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.UserDetail;

/**
 * Reads every role, user and group of the account with their policies, in one paginated
 * GetAccountAuthorizationDetails call; AWS managed policies that are attached are fetched once each
 * (GetPolicy, GetPolicyVersion). Groups are principals of their own (type group) as well as feeding their
 * members' permissions. Service-linked roles (path /aws-service-role/) are left out: nobody can
 * change or assume them for arbitrary work.
 */
public final class IamEnumerator {
    private final IamClient iam;
    private final Map<String, IamPolicy> managed = new HashMap<>();

    public IamEnumerator(IamClient iam) {
        this.iam = iam;
    }

    /** What was enumerated: principals to evaluate, and how many groups fed into them. */
    public record Result(List<Principal> principals, int groups, List<String> problems) {}

    public Result enumerate() {
        List<RoleDetail> roles = new ArrayList<>();
        List<UserDetail> users = new ArrayList<>();
        Map<String, GroupDetail> groups = new HashMap<>();
        iam.getAccountAuthorizationDetailsPaginator(r -> r.filter(EntityType.ROLE, EntityType.USER, EntityType.GROUP,
                EntityType.LOCAL_MANAGED_POLICY)).forEach(page -> {
                    roles.addAll(page.roleDetailList());
                    users.addAll(page.userDetailList());
                    page.groupDetailList().forEach(g -> groups.put(g.groupName(), g));
                    for (ManagedPolicyDetail p : page.policies()) {
                        p.policyVersionList().stream().filter(v -> Boolean.TRUE.equals(v.isDefaultVersion())).findFirst()
                                .ifPresent(v -> managed.put(p.arn(), PolicyEvaluator.parse(v.document())));
                    }
                });
        List<Principal> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (RoleDetail r : roles) {
            if (r.path() != null && r.path().startsWith("/aws-service-role/")) continue;
            List<IamPolicy> ps = new ArrayList<>();
            List<String> src = new ArrayList<>();
            addInline(r.rolePolicyList(), "", ps, src, problems, r.arn());
            addAttached(r.attachedManagedPolicies(), "", ps, src, problems, r.arn());
            String b = r.permissionsBoundary() == null ? null : r.permissionsBoundary().permissionsBoundaryArn();
            out.add(new Principal("role", r.roleName(), r.arn(), ps, src, b == null ? null : policy(b, problems, r.arn()), b));
        }
        for (UserDetail u : users) {
            List<IamPolicy> ps = new ArrayList<>();
            List<String> src = new ArrayList<>();
            addInline(u.userPolicyList(), "", ps, src, problems, u.arn());
            addAttached(u.attachedManagedPolicies(), "", ps, src, problems, u.arn());
            for (String gn : u.groupList()) {
                GroupDetail g = groups.get(gn);
                if (g == null) continue;
                addInline(g.groupPolicyList(), "group " + gn + ": ", ps, src, problems, u.arn());
                addAttached(g.attachedManagedPolicies(), "group " + gn + ": ", ps, src, problems, u.arn());
            }
            String b = u.permissionsBoundary() == null ? null : u.permissionsBoundary().permissionsBoundaryArn();
            out.add(new Principal("user", u.userName(), u.arn(), ps, src, b == null ? null : policy(b, problems, u.arn()), b));
        }
        // A group is reported itself as well as through its members: an empty group with admin rights is one
        // AddUserToGroup away from being used.
        for (GroupDetail g : groups.values()) {
            List<IamPolicy> ps = new ArrayList<>();
            List<String> src = new ArrayList<>();
            addInline(g.groupPolicyList(), "", ps, src, problems, g.arn());
            addAttached(g.attachedManagedPolicies(), "", ps, src, problems, g.arn());
            out.add(new Principal("group", g.groupName(), g.arn(), ps, src, null, null));
        }
        out.sort(java.util.Comparator.comparing(Principal::arn));
        return new Result(out, groups.size(), problems);
    }

    private void addInline(List<PolicyDetail> list, String prefix, List<IamPolicy> ps, List<String> src,
                           List<String> problems, String who) {
        for (PolicyDetail d : list) {
            try {
                ps.add(PolicyEvaluator.parse(d.policyDocument()));
                src.add(prefix + "inline " + d.policyName());
            } catch (RuntimeException e) {
                problems.add(who + ": inline policy " + d.policyName() + " does not parse: " + e.getMessage());
            }
        }
    }

    private void addAttached(List<AttachedPolicy> list, String prefix, List<IamPolicy> ps, List<String> src,
                             List<String> problems, String who) {
        for (AttachedPolicy a : list) {
            IamPolicy p = policy(a.policyArn(), problems, who);
            if (p != null) {
                ps.add(p);
                src.add(prefix + "managed " + a.policyName());
            }
        }
    }

    private IamPolicy policy(String arn, List<String> problems, String who) {
        IamPolicy p = managed.get(arn);
        if (p != null) return p;
        try {
            String version = iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
            PolicyVersion v = iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version)).policyVersion();
            p = PolicyEvaluator.parse(v.document());
            managed.put(arn, p);
            return p;
        } catch (RuntimeException e) {
            problems.add(who + ": policy " + arn + " could not be read: " + dev.ddbr.aws.AwsErrors.describe(e));
            return null;
        }
    }
}
