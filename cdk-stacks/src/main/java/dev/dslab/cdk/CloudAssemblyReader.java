package dev.dslab.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the deployer needs from a cloud assembly directory (manifest.json, the templates and the asset
 * manifests), the files the CDK CLI reads too. The manifest lists stacks in dependency order.
 */
final class CloudAssemblyReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudAssemblyReader() {
    }

    /** A stack and the assembly-relative name of its template file. */
    record StackArtifact(SynthesizedStack stack, String templateFile) {
    }

    static List<StackArtifact> read(Path assemblyDir) {
        JsonNode artifacts = readJson(assemblyDir.resolve("manifest.json")).path("artifacts");
        List<StackArtifact> stacks = new ArrayList<>();
        artifacts.properties().forEach(artifact -> {
            JsonNode node = artifact.getValue();
            if ("aws:cloudformation:stack".equals(node.path("type").asText())) {
                stacks.add(readStack(assemblyDir, artifacts, artifact.getKey(), node));
            }
        });
        return List.copyOf(stacks);
    }

    private static StackArtifact readStack(Path assemblyDir, JsonNode artifacts, String artifactId, JsonNode stack) {
        JsonNode properties = stack.path("properties");
        String stackName = properties.path("stackName").asText(artifactId);
        Map<String, String> tags = new LinkedHashMap<>();
        properties.path("tags").properties().forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
        List<FileAsset> assets = new ArrayList<>();
        for (JsonNode dependency : stack.path("dependencies")) {
            JsonNode artifact = artifacts.path(dependency.asText());
            if ("cdk:asset-manifest".equals(artifact.path("type").asText())) {
                assets.addAll(readAssets(assemblyDir, artifact.path("properties").path("file").asText()));
            }
        }
        String templateFile = properties.path("templateFile").asText();
        String template = readString(assemblyDir.resolve(templateFile));
        return new StackArtifact(new SynthesizedStack(stackName, template, Map.copyOf(tags), List.copyOf(assets)), templateFile);
    }

    private static List<FileAsset> readAssets(Path assemblyDir, String manifestFile) {
        JsonNode manifest = readJson(assemblyDir.resolve(manifestFile));
        if (!manifest.path("dockerImages").isEmpty()) {
            throw new SynthException("the stacks use Docker image assets, which dslab does not deploy: " + manifestFile);
        }
        List<FileAsset> assets = new ArrayList<>();
        manifest.path("files").properties().forEach(file -> {
            JsonNode asset = file.getValue();
            JsonNode source = asset.path("source");
            if (!source.has("path")) {
                throw new SynthException("asset " + file.getKey() + " is built by a command, which dslab does not run: " + manifestFile);
            }
            asset.path("destinations").forEach(destination -> assets.add(new FileAsset(
                    file.getKey(),
                    asset.path("displayName").asText(file.getKey()),
                    assemblyDir.resolve(source.path("path").asText()),
                    source.path("packaging").asText("file"),
                    destination.path("bucketName").asText(),
                    destination.path("objectKey").asText())));
        });
        return assets;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
