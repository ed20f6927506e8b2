package dev.dslab.local.cloudformation.provider;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** AWS::CDK::Metadata: the CDK's version analytics record; CloudFormation keeps it and nothing else happens. */
final class CdkMetadataProvider implements ResourceProvider {

    @Override
    public String type() {
        return "AWS::CDK::Metadata";
    }

    @Override
    public Set<String> supportedProperties() {
        return Set.of("Analytics");
    }



    @Override
    public ProvisionedResource create(ResourceRequest request) {
        return new ProvisionedResource(UUID.randomUUID().toString(), Map.of());
    }

    @Override
    public ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current) {
        return current;
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) {
        // nothing exists outside CloudFormation's own record
    }
}
