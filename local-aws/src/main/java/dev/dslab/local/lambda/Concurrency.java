package dev.dslab.local.lambda;

import java.util.HashMap;
import java.util.Map;

/**
 * Lambda's concurrency accounting (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html):
 * concurrency is the number of requests being served at once, one per busy execution environment. A
 * function with reserved concurrency may run at most that many at once and no other function may use that
 * share; every other function shares what the account limit leaves unreserved. The real service keeps at
 * least 100 of its default 1,000 unreserved (PutFunctionConcurrency API reference); the local target keeps
 * the same tenth of its own limit, {@link #minimumUnreserved()}.
 */
final class Concurrency {

    private final Map<String, Integer> reserved = new HashMap<>();
    private final Map<String, Integer> inUse = new HashMap<>();
    private int accountLimit;
    private int unreservedInUse;

    Concurrency(int accountLimit) {
        this.accountLimit = accountLimit;
    }

    /** Takes one unit of concurrency for a request of the function, or refuses it as Lambda throttles. */
    synchronized void acquire(String function) {
        Integer reservation = reserved.get(function);
        int running = inUse.getOrDefault(function, 0);
        if (reservation != null) {
            if (running >= reservation) {
                throw new ThrottledException(ThrottledException.RESERVED_LIMIT);
            }
        } else {
            if (unreservedInUse >= unreservedLimit()) {
                throw new ThrottledException(ThrottledException.ACCOUNT_LIMIT);
            }
            unreservedInUse++;
        }
        inUse.put(function, running + 1);
    }

    synchronized void release(String function) {
        int running = inUse.getOrDefault(function, 0);
        if (running <= 1) {
            inUse.remove(function);
        } else {
            inUse.put(function, running - 1);
        }
        if (!reserved.containsKey(function)) {
            unreservedInUse = Math.max(0, unreservedInUse - 1);
        }
    }

    /**
     * Sets a function's reserved concurrency. Requests it runs now keep running; the new limit applies to
     * the next ones, as in Lambda.
     */
    synchronized void reserve(String function, int executions) {
        int othersReserved = totalReserved() - reserved.getOrDefault(function, 0);
        if (accountLimit - othersReserved - executions < minimumUnreserved()) {
            throw LambdaException.invalidParameter("Specified ReservedConcurrentExecutions for function decreases account's"
                    + " UnreservedConcurrentExecution below its minimum value of [" + minimumUnreserved() + "].");
        }
        moveRunning(function, true);
        reserved.put(function, executions);
    }

    synchronized void unreserve(String function) {
        if (reserved.containsKey(function)) {
            moveRunning(function, false);
            reserved.remove(function);
        }
    }

    /** A deleted function's reservation goes with it. */
    synchronized void forget(String function) {
        unreserve(function);
    }

    synchronized Integer reservation(String function) {
        return reserved.get(function);
    }

    synchronized int inUse(String function) {
        return inUse.getOrDefault(function, 0);
    }

    synchronized int accountLimit() {
        return accountLimit;
    }

    /** Changes the account limit; refused when the reservations would leave less than the minimum unreserved. */
    synchronized void setAccountLimit(int limit) {
        int minimum = Math.max(1, (limit + 9) / 10);
        if (limit - totalReserved() < minimum) {
            throw new IllegalArgumentException("accountConcurrency " + limit + " would leave " + (limit - totalReserved())
                    + " unreserved with " + totalReserved() + " reserved; at least " + minimum
                    + " (a tenth) must stay unreserved: clear some reserved concurrency first");
        }
        accountLimit = limit;
    }

    /** What the account limit leaves to functions without a reservation: UnreservedConcurrentExecutions. */
    synchronized int unreservedLimit() {
        return accountLimit - totalReserved();
    }

    /** A tenth of the account limit, at least 1: AWS keeps 100 of 1,000 unreserved. */
    synchronized int minimumUnreserved() {
        return Math.max(1, (accountLimit + 9) / 10);
    }

    private int totalReserved() {
        return reserved.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Requests that run while a reservation appears or goes count against the pool they started in until they end. */
    private void moveRunning(String function, boolean toReserved) {
        int running = inUse.getOrDefault(function, 0);
        if (running == 0) {
            return;
        }
        boolean wasReserved = reserved.containsKey(function);
        if (toReserved && !wasReserved) {
            unreservedInUse = Math.max(0, unreservedInUse - running);
        } else if (!toReserved && wasReserved) {
            unreservedInUse += running;
        }
    }
}
