package dev.dslab.local.cloudformation.provider;

import java.util.Map;
import java.util.Set;

/**
 * AWS::IAM::Role, recorded only: the local target has no IAM and enforces no permissions (every call
 * with any credentials is allowed). The role gets the name, ARN and RoleId a real one would, so templates
 * that pass Role ARNs to Lambda functions deploy unchanged; its policies have no effect locally.
 */
final class IamRoleProvider implements ResourceProvider {

    @Override
    public String type() {
        return "AWS::IAM::Role";
    }

    @Override
    public Set<String> supportedProperties() {
        return Set.of("RoleName", "AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns", "Path", "Description",
                "MaxSessionDuration", "PermissionsBoundary", "Tags");
    }

    @Override
    public Set<String> replacementProperties() {
        return Set.of("RoleName", "Path");
    }

    @Override
    public String nameProperty() {
        return "RoleName";
    }

    @Override
    public ProvisionedResource create(ResourceRequest request) throws ProviderException {
        if (!request.properties().has("AssumeRolePolicyDocument")) {
            throw new ProviderException("Property AssumeRolePolicyDocument cannot be empty.");
        }
        String name = request.physicalName(nameProperty(), PhysicalNames.Style.IAM_ROLE);
        return record(request, name, "AROA" + PhysicalNames.randomSuffix() + PhysicalNames.randomSuffix().substring(0, 5));
    }

    @Override
    public ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current) {
        return record(request, current.physicalId(), current.attributes().get("RoleId"));
    }

    private static ProvisionedResource record(ResourceRequest request, String name, String roleId) {
        String path = request.text("Path", "/");
        return new ProvisionedResource(name, Map.of(
                "Arn", "arn:aws:iam::" + request.accountId() + ":role" + path + name,
                "RoleId", roleId));
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) {
        // nothing exists outside CloudFormation's own record of the role
    }
}
