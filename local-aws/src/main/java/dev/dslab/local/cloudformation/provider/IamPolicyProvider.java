package dev.dslab.local.cloudformation.provider;

import java.util.Map;
import java.util.Set;

/**
 * AWS::IAM::Policy (an inline policy attached to roles, users or groups), recorded only: the local target
 * has no IAM and enforces no permissions. Its physical id is generated as CloudFormation generates one.
 */
final class IamPolicyProvider implements ResourceProvider {

    @Override
    public String type() {
        return "AWS::IAM::Policy";
    }

    @Override
    public Set<String> supportedProperties() {
        return Set.of("PolicyName", "PolicyDocument", "Roles", "Users", "Groups");
    }



    @Override
    public ProvisionedResource create(ResourceRequest request) throws ProviderException {
        if (request.text("PolicyName") == null || !request.properties().has("PolicyDocument")) {
            throw new ProviderException("Properties PolicyName and PolicyDocument are required");
        }
        if (!request.node("Roles").isArray() && !request.node("Users").isArray() && !request.node("Groups").isArray()) {
            throw new ProviderException("At least one of [Groups,Roles,Users] must be non-empty.");
        }
        String id = PhysicalNames.generate(request.stackName(), request.logicalId(), PhysicalNames.Style.IAM_POLICY);
        return new ProvisionedResource(id, Map.of("Id", id));
    }

    @Override
    public ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current) {
        return current;
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) {
        // nothing exists outside CloudFormation's own record of the policy
    }
}
