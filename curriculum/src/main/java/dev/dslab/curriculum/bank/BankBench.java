package dev.dslab.curriculum.bank;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;

/**
 * Prints how long loading and validating every bundled bank takes (issue 6's goal: 300 ms or less): the first
 * load in this JVM (class loading included, what a one-shot command pays), then the median of later loads,
 * and the counts per bank, topic, kind and difficulty. Each time is given as wall time and as the loading
 * thread's CPU time: on the shared 2-core machines the wall time mostly measures the other sessions' builds.
 */
public final class BankBench {

    private BankBench() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        QuestionBanks banks = BankLoader.loadBundled();
        double firstMs = (System.nanoTime() - start) / 1e6;
        double firstCpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        int rounds = 20;
        double[] warm = new double[rounds];
        double[] warmCpu = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long cpuBegin = threads.getCurrentThreadCpuTime();
            long begin = System.nanoTime();
            BankLoader.loadBundled();
            warm[i] = (System.nanoTime() - begin) / 1e6;
            warmCpu[i] = (threads.getCurrentThreadCpuTime() - cpuBegin) / 1e6;
        }
        Arrays.sort(warm);
        Arrays.sort(warmCpu);
        System.out.printf("loaded and validated %d banks, %d questions (load average %.1f)%n", banks.banks().size(), banks.questions().size(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("  first load in this JVM: %.0f ms wall, %.0f ms CPU%n", firstMs, firstCpuMs);
        System.out.printf("  later loads, median of %d: %.1f ms wall, %.1f ms CPU%n", rounds, warm[rounds / 2], warmCpu[rounds / 2]);
        for (QuestionBank bank : banks.banks()) {
            System.out.printf("%s: %d questions (at least %d)%n", bank.file(), bank.questions().size(), bank.topicSet().minimum());
            Map<String, Integer> perTopic = banks.countsByTopic().get(bank.topicSet());
            perTopic.forEach((topic, count) -> System.out.printf("  %-22s %3d%n", topic, count));
        }
        System.out.println("kinds: " + banks.countsByKind());
        System.out.println("difficulty: " + banks.countsByDifficulty());
        banks.shortfalls().forEach(shortfall -> System.out.println("SHORT: " + shortfall));
    }
}
