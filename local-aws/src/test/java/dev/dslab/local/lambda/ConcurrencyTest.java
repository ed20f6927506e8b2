package dev.dslab.local.lambda;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The concurrency accounting alone: which pool a request counts against, also when a reservation changes under it. */
class ConcurrencyTest {

    @Test
    void unreservedFunctionsShareWhatTheReservationsLeave() {
        Concurrency concurrency = new Concurrency(10);
        concurrency.reserve("a", 4);
        assertThat(concurrency.unreservedLimit()).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            concurrency.acquire("b");
        }
        assertThatThrownBy(() -> concurrency.acquire("c")).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.reason()).isEqualTo(ThrottledException.ACCOUNT_LIMIT));
        for (int i = 0; i < 4; i++) {
            concurrency.acquire("a");
        }
        assertThatThrownBy(() -> concurrency.acquire("a")).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.reason()).isEqualTo(ThrottledException.RESERVED_LIMIT));
        concurrency.release("b");
        concurrency.acquire("c");
    }

    @Test
    void requestsRunningWhenAReservationAppearsOrGoesMoveWithTheFunction() {
        Concurrency concurrency = new Concurrency(10);
        concurrency.acquire("a");
        concurrency.acquire("a");
        concurrency.reserve("a", 3);
        for (int i = 0; i < 7; i++) {
            concurrency.acquire("b");
        }
        assertThatThrownBy(() -> concurrency.acquire("b")).isInstanceOf(ThrottledException.class);
        concurrency.acquire("a");
        assertThatThrownBy(() -> concurrency.acquire("a")).isInstanceOf(ThrottledException.class);

        concurrency.release("b");
        concurrency.unreserve("a");
        assertThat(concurrency.inUse("a")).isEqualTo(3);
        assertThat(concurrency.unreservedLimit()).isEqualTo(10);
        concurrency.acquire("b");
        assertThatThrownBy(() -> concurrency.acquire("b")).as("a's 3 running now count against the shared pool of 10")
                .isInstanceOf(ThrottledException.class);
        concurrency.release("a");
        concurrency.acquire("b");
    }

    @Test
    void aTenthOfTheAccountLimitStaysUnreserved() {
        Concurrency concurrency = new Concurrency(50);
        assertThat(concurrency.minimumUnreserved()).isEqualTo(5);
        concurrency.reserve("a", 45);
        assertThatThrownBy(() -> concurrency.reserve("b", 1)).isInstanceOf(LambdaException.class)
                .hasMessage("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution"
                        + " below its minimum value of [5].");
        concurrency.reserve("a", 40);
        concurrency.reserve("b", 5);
        assertThatThrownBy(() -> concurrency.setAccountLimit(49)).isInstanceOf(IllegalArgumentException.class);
        concurrency.unreserve("a");
        concurrency.setAccountLimit(10);
        assertThat(concurrency.unreservedLimit()).isEqualTo(5);
    }
}
