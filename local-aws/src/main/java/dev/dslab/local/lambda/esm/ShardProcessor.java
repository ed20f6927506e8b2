package dev.dslab.local.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One shard of a mapping: a poller reading the shard through the edge with GetRecords, and
 * ParallelizationFactor lanes, each invoking the function with one batch at a time. A record goes to the
 * lane its partition key hashes to, so records of one key stay in order while lanes run concurrently
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html, "Polling and batching streams").
 *
 * <p>The checkpoint is the highest sequence number below which every record read is done (succeeded,
 * or discarded after its retries or age ran out); it is saved after each batch. Errors follow
 * https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html: a function error
 * retries the batch until MaximumRetryAttempts or MaximumRecordAgeInSeconds runs out, bisecting it first
 * when BisectBatchOnFunctionError is on (splitting does not consume the retry quota); throttles and failed
 * invokes are retried without counting; ReportBatchItemFailures retries from the lowest failed record.
 */
final class ShardProcessor {

    private static final Logger LOG = Logger.getLogger(ShardProcessor.class.getName());
    /** Lambda's limit on a synchronous invoke's payload; a batch is cut before its event could exceed it. */
    private static final long PAYLOAD_LIMIT = 6_291_456 - 64 * 1024;
    /** Kinesis allows 5 GetRecords per second per shard: one poller stays within it. */
    private static final long MIN_GET_INTERVAL_MILLIS = 200;
    /** "Lambda polls each shard ... at a base rate of once per second" when the shard has nothing new. */
    private static final long IDLE_POLL_MILLIS = 1000;
    private static final int GET_LIMIT = 10_000;

    private final String uuid;
    private final MappingSettings settings;
    private final String shardId;
    private final boolean initialShard;
    private final Instant latestFrom;
    private final Checkpoints checkpoints;
    private final ShardStats stats;
    private final KinesisClient kinesis;
    private final BatchInvoker invoker;
    private final FailureDestination destination;
    private final String roleArn;
    private final MappingEvents events;

    private final ReentrantLock trackerLock = new ReentrantLock();
    private final TreeMap<BigInteger, Boolean> inFlight = new TreeMap<>();
    private String checkpoint;
    private long windowStart = -1;
    private JsonNode windowState;
    private final List<Lane> lanes = new ArrayList<>();
    private final long maxBuffered;
    private Thread poller;
    private volatile boolean running;
    private volatile boolean readEnded;
    private volatile boolean finished;

    /** What a processor tells its mapping. */
    interface MappingEvents {
        void processed(String lastProcessingResult);

        void shardFinished(String shardId);
    }

    ShardProcessor(String uuid, MappingSettings settings, String shardId, boolean initialShard, Instant latestFrom,
                   Checkpoints checkpoints, ShardStats stats, KinesisClient kinesis, BatchInvoker invoker,
                   FailureDestination destination, String roleArn, MappingEvents events) {
        this.uuid = uuid;
        this.settings = settings;
        this.shardId = shardId;
        this.initialShard = initialShard;
        this.latestFrom = latestFrom;
        this.checkpoints = checkpoints;
        this.stats = stats;
        this.kinesis = kinesis;
        this.invoker = invoker;
        this.destination = destination;
        this.roleArn = roleArn;
        this.events = events;
        // With a tumbling window the state belongs to the shard: its records go through one lane.
        int laneCount = settings.tumblingWindowInSeconds() > 0 ? 1 : settings.parallelizationFactor();
        for (int i = 0; i < laneCount; i++) {
            lanes.add(new Lane(i));
        }
        this.maxBuffered = Math.max(2L * settings.batchSize() * laneCount, 1000);
    }

    void start() {
        Checkpoints.ShardPosition position = checkpoints.position(shardId);
        checkpoint = position.sequenceNumber();
        windowStart = position.windowStartMillis();
        windowState = position.windowState();
        stats.checkpoint = checkpoint;
        stats.state = "polling";
        running = true;
        String name = "esm-" + uuid.substring(0, 8) + "-" + shardId;
        for (Lane lane : lanes) {
            lane.thread = new Thread(lane::run, name + "-lane-" + lane.index);
            lane.thread.setDaemon(true);
            lane.thread.start();
        }
        poller = new Thread(this::poll, name + "-poll");
        poller.setDaemon(true);
        poller.start();
    }

    boolean finished() {
        return finished;
    }

    /** Stops reading and invoking; a batch in flight is abandoned uncheckpointed (it is read again on restart). */
    void requestStop() {
        running = false;
        threads().forEach(Thread::interrupt);
    }

    /**
     * Waits for the threads to end, until {@code deadlineNanos} (System.nanoTime): an invoke blocked in a
     * socket read ends when the function answers, and its result is then dropped.
     */
    void awaitStop(long deadlineNanos) {
        for (Thread thread : threads()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left <= 0) {
                break;
            }
            try {
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!finished) {
            stats.state = "stopped";
        }
    }

    private List<Thread> threads() {
        List<Thread> threads = new ArrayList<>();
        if (poller != null) {
            threads.add(poller);
        }
        lanes.forEach(lane -> {
            if (lane.thread != null) {
                threads.add(lane.thread);
            }
        });
        return threads;
    }

    // ---------------------------------------------------------------- polling

    private void poll() {
        try {
            String iterator = null;
            String lastRead = checkpoint;
            long lastGet = 0;
            while (running) {
                if (iterator == null) {
                    iterator = iterator(lastRead);
                    if (iterator == null) {
                        sleep(IDLE_POLL_MILLIS);
                        continue;
                    }
                }
                if (buffered() >= maxBuffered) {
                    sleep(20);
                    continue;
                }
                sleep(lastGet + MIN_GET_INTERVAL_MILLIS - System.currentTimeMillis());
                lastGet = System.currentTimeMillis();
                GetRecordsResponse response;
                try {
                    String current = iterator;
                    response = kinesis.getRecords(r -> r.shardIterator(current).limit(GET_LIMIT));
                } catch (ProvisionedThroughputExceededException e) {
                    stats.readThrottles.incrementAndGet();
                    sleep(IDLE_POLL_MILLIS);
                    continue;
                } catch (ExpiredIteratorException e) {
                    iterator = null;
                    continue;
                } catch (SdkException e) {
                    if (!running) {
                        return;
                    }
                    LOG.log(Level.FINE, "GetRecords on " + shardId + " failed", e);
                    sleep(IDLE_POLL_MILLIS);
                    continue;
                }
                if (response.millisBehindLatest() != null) {
                    stats.millisBehindLatest = response.millisBehindLatest();
                }
                // A response is handed to the lanes whole, so a lane's batch is cut from all that was read, not
                // from the first records of a response that is still being handed over.
                List<List<StreamRecord>> perLane = new ArrayList<>();
                lanes.forEach(lane -> perLane.add(new ArrayList<>()));
                for (Record record : response.records()) {
                    StreamRecord read = new StreamRecord(shardId, record.sequenceNumber(), record.partitionKey(),
                            record.data().asByteArrayUnsafe(), record.approximateArrivalTimestamp());
                    track(read);
                    perLane.get(Math.floorMod(read.partitionKey().hashCode(), lanes.size())).add(read);
                    lastRead = read.sequenceNumber();
                }
                for (int i = 0; i < lanes.size(); i++) {
                    lanes.get(i).offer(perLane.get(i));
                }
                stats.recordsRead.addAndGet(response.records().size());
                iterator = response.nextShardIterator();
                if (iterator == null) {
                    readEnded = true;
                    lanes.forEach(Lane::wake);
                    finishWhenDrained();
                    return;
                }
                if (response.records().isEmpty()) {
                    sleep(lastGet + IDLE_POLL_MILLIS - System.currentTimeMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An iterator after the last record read, or where the mapping starts; null when the stream refused one for now. */
    private String iterator(String after) {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder().streamName(settings.streamName()).shardId(shardId);
        if (after != null) {
            request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after);
        } else if (!initialShard) {
            // A shard made by a reshard after the mapping started: all of it is new to the mapping.
            request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
        } else {
            switch (settings.startingPosition()) {
                case TRIM_HORIZON -> request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                // LATEST is pinned to the moment the mapping first started, so that disabling it before its
                // first record and enabling it again does not skip what arrived in between.
                case LATEST -> request.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(latestFrom);
                case AT_TIMESTAMP -> request.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(settings.startingPositionTimestamp());
            }
        }
        try {
            return kinesis.getShardIterator(request.build()).shardIterator();
        } catch (SdkException e) {
            LOG.log(Level.FINE, "GetShardIterator on " + shardId + " failed", e);
            return null;
        }
    }

    private void finishWhenDrained() throws InterruptedException {
        for (Lane lane : lanes) {
            lane.thread.join();
        }
        if (!running) {
            return;
        }
        trackerLock.lock();
        try {
            if (!inFlight.isEmpty()) {
                return;
            }
            checkpoints.save(shardId, new Checkpoints.ShardPosition(checkpoint, true, -1, null));
        } finally {
            trackerLock.unlock();
        }
        finished = true;
        stats.state = "finished";
        events.shardFinished(shardId);
    }

    // ---------------------------------------------------------------- checkpointing

    private long buffered() {
        trackerLock.lock();
        try {
            return inFlight.size();
        } finally {
            trackerLock.unlock();
        }
    }

    private void track(StreamRecord record) {
        trackerLock.lock();
        try {
            inFlight.put(record.sequence(), Boolean.FALSE);
        } finally {
            trackerLock.unlock();
        }
    }

    /** Marks records done and saves the checkpoint if the done prefix grew (or the window state changed). */
    private void done(List<StreamRecord> records, boolean windowChanged) {
        trackerLock.lock();
        try {
            for (StreamRecord record : records) {
                inFlight.replace(record.sequence(), Boolean.TRUE);
            }
            String advanced = null;
            while (!inFlight.isEmpty() && inFlight.firstEntry().getValue()) {
                advanced = inFlight.pollFirstEntry().getKey().toString();
            }
            if (advanced != null) {
                checkpoint = advanced;
            }
            if (advanced != null || windowChanged) {
                checkpoints.save(shardId, new Checkpoints.ShardPosition(checkpoint, false, windowStart, windowState));
                stats.checkpoint = checkpoint;
            }
        } finally {
            trackerLock.unlock();
        }
    }

    private void saveWindow(long start, JsonNode state) {
        trackerLock.lock();
        try {
            windowStart = start;
            windowState = state;
        } finally {
            trackerLock.unlock();
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static long backoff(int attempt) {
        return Math.min(2000, 100L << Math.min(attempt, 5));
    }

    // ---------------------------------------------------------------- lanes

    /** One of the shard's concurrent batchers: batches of its own records, one at a time, in order. */
    private final class Lane {
        final int index;
        final ArrayDeque<StreamRecord> queue = new ArrayDeque<>();
        final ReentrantLock lock = new ReentrantLock();
        final Condition arrived = lock.newCondition();
        Thread thread;
        long queuedBytes;

        Lane(int index) {
            this.index = index;
        }

        void offer(List<StreamRecord> records) {
            if (records.isEmpty()) {
                return;
            }
            lock.lock();
            try {
                for (StreamRecord record : records) {
                    queue.add(record);
                    queuedBytes += record.data().length;
                }
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void wake() {
            lock.lock();
            try {
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void run() {
            try {
                while (running) {
                    List<StreamRecord> batch = nextBatch();
                    if (batch == null) {
                        if (windowStart >= 0 && System.currentTimeMillis() >= windowStart + windowMillis() + IDLE_POLL_MILLIS) {
                            closeWindow();
                        }
                        if (readEnded && isEmpty()) {
                            if (windowStart >= 0) {
                                closeWindow();
                            }
                            return;
                        }
                        continue;
                    }
                    process(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "lane " + index + " of " + shardId + " stopped", e);
            }
        }

        private boolean isEmpty() {
            lock.lock();
            try {
                return queue.isEmpty();
            } finally {
                lock.unlock();
            }
        }

        /** The next batch: full, or the batching window elapsed since its first record arrived; null after 200 ms of nothing. */
        private List<StreamRecord> nextBatch() throws InterruptedException {
            lock.lock();
            try {
                long deadline = -1;
                while (running) {
                    if (queue.isEmpty()) {
                        if (readEnded || !arrived.await(200, TimeUnit.MILLISECONDS)) {
                            return null;
                        }
                        continue;
                    }
                    if (deadline < 0) {
                        deadline = System.currentTimeMillis() + settings.maximumBatchingWindowInSeconds() * 1000L;
                    }
                    long left = deadline - System.currentTimeMillis();
                    boolean full = queue.size() >= settings.batchSize() || queuedBytes * 4 / 3 >= PAYLOAD_LIMIT;
                    if (full || left <= 0 || readEnded) {
                        return take();
                    }
                    arrived.await(left, TimeUnit.MILLISECONDS);
                }
                return null;
            } finally {
                lock.unlock();
            }
        }

        private List<StreamRecord> take() {
            List<StreamRecord> batch = new ArrayList<>();
            long bytes = 0;
            long window = windowOf(queue.peekFirst());
            while (!queue.isEmpty() && batch.size() < settings.batchSize()) {
                StreamRecord next = queue.peekFirst();
                long size = next.data().length * 4L / 3 + 400;
                if ((!batch.isEmpty() && bytes + size > PAYLOAD_LIMIT) || windowOf(next) != window) {
                    break;
                }
                batch.add(queue.pollFirst());
                queuedBytes -= next.data().length;
                bytes += size;
            }
            return batch;
        }

        private long windowMillis() {
            return settings.tumblingWindowInSeconds() * 1000L;
        }

        private long windowOf(StreamRecord record) {
            if (settings.tumblingWindowInSeconds() == 0) {
                return -1;
            }
            long millis = record.arrival().toEpochMilli();
            return millis - Math.floorMod(millis, windowMillis());
        }

        private BatchInvoker.Window window(boolean isFinal) {
            return new BatchInvoker.Window(Instant.ofEpochMilli(windowStart), Instant.ofEpochMilli(windowStart + windowMillis()),
                    windowState, isFinal);
        }

        /** The final invoke of the open window (isFinalInvokeForWindow, no records), then its state is dropped. */
        private void closeWindow() throws InterruptedException {
            deliver(List.of(), true);
            saveWindow(-1, null);
            stats.windowsClosed.incrementAndGet();
            done(List.of(), true);
        }

        private void process(List<StreamRecord> batch) throws InterruptedException {
            if (settings.tumblingWindowInSeconds() > 0) {
                long window = windowOf(batch.get(0));
                if (windowStart >= 0 && window != windowStart) {
                    closeWindow();
                }
                if (windowStart < 0) {
                    saveWindow(window, null);
                }
            }
            deliver(batch, false);
        }

        /**
         * Invokes until every record of the batch is done: succeeded, or discarded to the on-failure
         * destination after its retries or its age ran out. Returns early only when the mapping stops.
         */
        private void deliver(List<StreamRecord> batch, boolean finalWindowInvoke) throws InterruptedException {
            record Attempt(List<StreamRecord> records, int retries, int invokes) {
            }
            Deque<Attempt> work = new ArrayDeque<>();
            work.push(new Attempt(batch, 0, 0));
            int notInvoked = 0;
            while (running && !work.isEmpty()) {
                Attempt attempt = work.peekFirst();
                List<StreamRecord> records = attempt.records();
                if (settings.maximumRecordAgeInSeconds() >= 0 && !records.isEmpty()) {
                    Instant oldest = Instant.now().minusSeconds(settings.maximumRecordAgeInSeconds());
                    List<StreamRecord> expired = records.stream().filter(r -> r.arrival().isBefore(oldest)).toList();
                    if (!expired.isEmpty()) {
                        discard(expired, "RecordAgeExceeded", attempt.invokes(), null);
                        records = records.stream().filter(r -> !r.arrival().isBefore(oldest)).toList();
                        work.pollFirst();
                        if (records.isEmpty()) {
                            continue;
                        }
                        attempt = new Attempt(records, attempt.retries(), attempt.invokes());
                        work.push(attempt);
                    }
                }
                BatchInvoker.Window window = settings.tumblingWindowInSeconds() > 0 ? window(finalWindowInvoke) : null;
                ObjectNode event = invoker.event(settings, roleArn, shardId, records, window);
                BatchInvoker.Outcome outcome = invoker.invoke(settings, event, records, window);
                if (!running) {
                    return;
                }
                switch (outcome.kind()) {
                    case THROTTLED, NOT_INVOKED -> {
                        if (outcome.kind() == BatchInvoker.Kind.THROTTLED) {
                            stats.throttles.incrementAndGet();
                        } else {
                            events.processed(outcome.detail());
                        }
                        sleep(backoff(notInvoked++));
                        continue;
                    }
                    default -> notInvoked = 0;
                }
                stats.invocations.incrementAndGet();
                int invokes = attempt.invokes() + 1;
                if (outcome.state() != null) {
                    saveWindow(windowStart, outcome.state());
                }
                switch (outcome.kind()) {
                    case OK -> {
                        work.pollFirst();
                        stats.recordsSucceeded.addAndGet(records.size());
                        events.processed("OK");
                        done(records, window != null);
                    }
                    case PARTIAL -> {
                        stats.partialFailures.incrementAndGet();
                        events.processed("OK");
                        work.pollFirst();
                        List<StreamRecord> succeeded = records.subList(0, outcome.failedFrom());
                        stats.recordsSucceeded.addAndGet(succeeded.size());
                        done(succeeded, window != null);
                        List<StreamRecord> remaining = records.subList(outcome.failedFrom(), records.size());
                        retryOrDiscard(remaining, attempt.retries() + 1, invokes, outcome,
                                (r, n, i) -> work.push(new Attempt(r, n, i)));
                    }
                    case FUNCTION_ERROR -> {
                        stats.functionErrors.incrementAndGet();
                        events.processed(outcome.detail());
                        work.pollFirst();
                        if (settings.bisectBatchOnFunctionError() && records.size() > 1) {
                            stats.bisections.incrementAndGet();
                            int half = records.size() / 2;
                            work.push(new Attempt(records.subList(half, records.size()), attempt.retries(), invokes));
                            work.push(new Attempt(records.subList(0, half), attempt.retries(), invokes));
                        } else {
                            retryOrDiscard(records, attempt.retries() + 1, invokes, outcome,
                                    (r, n, i) -> work.push(new Attempt(r, n, i)));
                        }
                    }
                    default -> throw new IllegalStateException(outcome.kind().name());
                }
            }
        }

        private interface Requeue {
            void push(List<StreamRecord> records, int retries, int invokes);
        }

        private void retryOrDiscard(List<StreamRecord> records, int retries, int invokes,
                                    BatchInvoker.Outcome outcome, Requeue requeue) throws InterruptedException {
            int maximum = settings.maximumRetryAttempts();
            if (maximum >= 0 && retries > maximum) {
                discard(records, "RetryAttemptsExhausted", invokes, outcome);
                return;
            }
            stats.retries.incrementAndGet();
            requeue.push(records, retries, invokes);
            sleep(backoff(retries - 1));
        }

        private void discard(List<StreamRecord> records, String condition, int invokes, BatchInvoker.Outcome last) {
            stats.recordsDiscarded.addAndGet(records.size());
            ObjectNode payload = invoker.event(settings, roleArn, shardId, records,
                    settings.tumblingWindowInSeconds() > 0 && windowStart >= 0 ? window(false) : null);
            destination.send(uuid, settings, shardId, records, condition, invokes, last, payload);
            done(records, false);
        }
    }
}
