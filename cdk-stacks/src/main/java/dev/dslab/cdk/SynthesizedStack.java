package dev.dslab.cdk;

import java.util.List;
import java.util.Map;

/**
 * One stack ready to deploy: the CloudFormation template, the stack-level tags to pass to CreateStack and
 * UpdateStack, and the file assets to upload first (the Lambda code and the template itself, for deployers
 * that prefer TemplateURL to TemplateBody).
 */
public record SynthesizedStack(String stackName, String templateJson, Map<String, String> tags, List<FileAsset> fileAssets) {
}
