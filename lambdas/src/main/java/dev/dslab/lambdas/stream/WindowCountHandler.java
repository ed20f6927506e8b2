package dev.dslab.lambdas.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tumbling-window aggregation (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html):
 * each invoke adds its records to the counts per partition key carried in the window's state (plus
 * {@value #TOTAL} and {@value #INVOKES}), and returns the new state; the final invoke of a window
 * ({@code isFinalInvokeForWindow}) writes the counts to {@code window#<shardId>} / {@code <window start>}
 * of the table in {@value ProcessedRecords#TABLE_VARIABLE} and ends the state.
 */
public final class WindowCountHandler implements RequestHandler<KinesisTimeWindowEvent, TimeWindowEventResponse> {

    static final String TOTAL = "_records";
    static final String INVOKES = "_invokes";

    private final ProcessedRecords processed;

    public WindowCountHandler() {
        this(ProcessedRecords.fromEnvironment());
    }

    WindowCountHandler(ProcessedRecords processed) {
        this.processed = processed;
    }

    @Override
    public TimeWindowEventResponse handleRequest(KinesisTimeWindowEvent event, Context context) {
        Map<String, String> state = new LinkedHashMap<>(event.getState() == null ? Map.of() : event.getState());
        if (Boolean.TRUE.equals(event.getIsFinalInvokeForWindow())) {
            processed.putWindow(event.getShardId(), event.getWindow().getStart(), event.getWindow().getEnd(), state);
            context.getLogger().log("window " + event.getWindow().getStart() + " of " + event.getShardId() + " closed: " + state);
            return new TimeWindowEventResponse(Map.of(), new ArrayList<>());
        }
        for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
            state.merge(record.getKinesis().getPartitionKey(), "1", WindowCountHandler::plus);
        }
        state.merge(TOTAL, Integer.toString(event.getRecords().size()), WindowCountHandler::plus);
        state.merge(INVOKES, "1", WindowCountHandler::plus);
        return new TimeWindowEventResponse(state, new ArrayList<>());
    }

    private static String plus(String a, String b) {
        return Long.toString(Long.parseLong(a) + Long.parseLong(b));
    }
}
