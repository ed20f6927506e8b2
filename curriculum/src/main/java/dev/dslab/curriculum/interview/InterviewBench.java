package dev.dslab.curriculum.interview;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Prints how long loading and validating the bundled interview questions takes: the first load in this JVM (class
 * loading and SnakeYAML included, what a one-shot `interview mock` pays), then the median of later loads; wall time
 * and the loading thread's CPU time, the steadier figure on shared cores.
 */
public final class InterviewBench {

    private InterviewBench() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        InterviewBank bank = InterviewLoader.loadBundled();
        double firstMs = (System.nanoTime() - start) / 1e6;
        double firstCpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        int rounds = 20;
        double[] warm = new double[rounds];
        double[] warmCpu = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long cpuBegin = threads.getCurrentThreadCpuTime();
            long begin = System.nanoTime();
            InterviewLoader.loadBundled();
            warm[i] = (System.nanoTime() - begin) / 1e6;
            warmCpu[i] = (threads.getCurrentThreadCpuTime() - cpuBegin) / 1e6;
        }
        Arrays.sort(warm);
        Arrays.sort(warmCpu);
        System.out.printf("loaded and validated %s: %d interview questions, %d sources cited (load average %.1f)%n", bank.file(),
                bank.questions().size(), bank.questions().stream().mapToInt(question -> question.sources().size()).sum(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("  first load in this JVM: %.0f ms wall, %.0f ms CPU%n", firstMs, firstCpuMs);
        System.out.printf("  later loads, median of %d: %.1f ms wall, %.1f ms CPU%n", rounds, warm[rounds / 2], warmCpu[rounds / 2]);
    }
}
