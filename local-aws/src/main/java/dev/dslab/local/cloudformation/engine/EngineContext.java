package dev.dslab.local.cloudformation.engine;

import dev.dslab.local.cloudformation.provider.ResourceProviders;

import java.util.concurrent.ExecutorService;

/** What every stack operation shares: the providers, the threads and the account's exports. */
record EngineContext(ResourceProviders providers, ExecutorService executor, String region, String accountId,
                     Exports exports) {
}
