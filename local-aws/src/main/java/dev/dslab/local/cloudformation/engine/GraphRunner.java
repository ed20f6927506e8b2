package dev.dslab.local.cloudformation.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs one task per resource, each after the tasks it depends on, independent ones in parallel.
 * After a failure no new task starts; the tasks already running are waited for (CloudFormation does not
 * abandon a resource mid-call either), so the outcome says exactly what was done.
 */
final class GraphRunner {

    interface Task {
        void run(String logicalId) throws Exception;
    }

    /**
     * @param completed the ids whose task succeeded, in completion order
     * @param failures  the ids whose task failed, with why
     */
    record Outcome(List<String> completed, Map<String, Exception> failures) {
        boolean succeeded() {
            return failures.isEmpty();
        }
    }

    private GraphRunner() {
    }

    /** @param prerequisites each id to the ids whose task must succeed before its own starts */
    static Outcome run(Map<String, Set<String>> prerequisites, ExecutorService executor, Task task)
            throws InterruptedException {
        ExecutorCompletionService<String> running = new ExecutorCompletionService<>(executor);
        Set<String> started = new HashSet<>();
        List<String> completed = new ArrayList<>();
        Map<String, Exception> failures = new LinkedHashMap<>();
        Map<Future<String>, String> inFlight = new LinkedHashMap<>();
        while (true) {
            if (failures.isEmpty()) {
                for (Map.Entry<String, Set<String>> entry : prerequisites.entrySet()) {
                    String id = entry.getKey();
                    if (!started.contains(id) && completed.containsAll(entry.getValue())) {
                        started.add(id);
                        inFlight.put(running.submit(() -> {
                            task.run(id);
                            return id;
                        }), id);
                    }
                }
            }
            if (inFlight.isEmpty()) {
                return new Outcome(List.copyOf(completed), failures);
            }
            Future<String> done = running.take();
            String id = inFlight.remove(done);
            try {
                done.get();
                completed.add(id);
            } catch (ExecutionException e) {
                failures.put(id, e.getCause() instanceof Exception cause ? cause : e);
            }
        }
    }
}
