package dev.dslab.local.lambda;

import java.util.Map;

/**
 * A function as {@code <home>/lambda/functions/<name>.json} keeps it across daemon restarts: its settings,
 * where its unpacked code is (the folder under {@code lambda/code/<name>/}), its metadata, and the settings
 * kept beside it (reserved concurrency, event invoke config). Environments, queued events and counters are
 * not kept: a restarted target starts every function cold, as Lambda may at any time.
 */
record StoredFunction(String name,
                      FunctionSettings settings,
                      String codeFolder,
                      String codeSha256,
                      long codeSize,
                      Map<String, String> tags,
                      String revisionId,
                      String lastModified,
                      Integer reservedConcurrency,
                      EventInvokeConfig eventInvokeConfig) {
}
