package dev.dslab.cdk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The synthesized sandbox of one learner.
 *
 * @param stacks      in deployment order (delete in reverse)
 * @param fromCache   true when the synth cache answered and jsii was not started
 * @param inputHash   the hash of every input of the synth (learner, stack code, Lambda jar, CDK version)
 * @param assemblyDir the cloud assembly (cdk.out) directory, usable with the CDK CLI's --app option
 */
public record SynthesizedApp(String learner, List<SynthesizedStack> stacks, boolean fromCache, String inputHash, Path assemblyDir) {

    /** Every file asset of every stack, each once. */
    public List<FileAsset> fileAssets() {
        Map<String, FileAsset> byId = new LinkedHashMap<>();
        stacks.forEach(stack -> stack.fileAssets().forEach(asset -> byId.putIfAbsent(asset.id(), asset)));
        return List.copyOf(byId.values());
    }

    public SynthesizedStack stack(String stackName) {
        return stacks.stream().filter(stack -> stack.stackName().equals(stackName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stack " + stackName + " in the sandbox of " + learner));
    }
}
