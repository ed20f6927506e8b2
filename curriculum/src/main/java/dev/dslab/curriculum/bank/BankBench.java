package dev.dslab.curriculum.bank;

import java.util.Arrays;
import java.util.Map;

/**
 * Prints how long loading and validating every bundled bank takes (issue 6's goal: 300 ms or less): the first
 * load in this JVM (class loading included, what a one-shot command pays), then the median of later loads,
 * and the counts per bank, topic, kind and difficulty.
 */
public final class BankBench {

    private BankBench() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        QuestionBanks banks = BankLoader.loadBundled();
        double firstMs = (System.nanoTime() - start) / 1e6;
        int rounds = 20;
        double[] warm = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long begin = System.nanoTime();
            BankLoader.loadBundled();
            warm[i] = (System.nanoTime() - begin) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf("loaded and validated %d banks, %d questions: first load %.0f ms (cold JVM), then median %.1f ms over %d loads%n",
                banks.banks().size(), banks.questions().size(), firstMs, warm[rounds / 2], rounds);
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
