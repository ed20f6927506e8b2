package dev.dslab.scenarios;

import dev.dslab.scenarios.dynamodb.CapPartitionExperiment;
import dev.dslab.scenarios.dynamodb.GsiLagExperiment;
import dev.dslab.scenarios.dynamodb.LostUpdateExperiment;
import dev.dslab.scenarios.dynamodb.ReadConsistencyExperiment;
import dev.dslab.scenarios.election.DynamoDbLeaderElectionExperiment;
import dev.dslab.scenarios.election.RaftElectionTimeoutsExperiment;
import dev.dslab.scenarios.engine.ExperimentCatalog;
import dev.dslab.scenarios.kinesis.KinesisFailoverExperiment;
import dev.dslab.scenarios.kinesis.KinesisHotShardExperiment;
import dev.dslab.scenarios.kinesis.KinesisOrderingExperiment;
import dev.dslab.scenarios.kinesis.KinesisReshardingExperiment;
import dev.dslab.scenarios.lambda.LambdaColdStartsExperiment;
import dev.dslab.scenarios.lambda.LambdaKinesisEsmExperiment;
import dev.dslab.scenarios.s3.S3ConsistencyExperiment;
import java.util.List;

/** The catalogue of experiments dslab offers, in the order `experiment list` shows them. */
public final class Experiments {

    private Experiments() {
    }

    public static ExperimentCatalog catalog() {
        return new ExperimentCatalog(List.of(
                new ReadConsistencyExperiment(),
                new GsiLagExperiment(),
                new LostUpdateExperiment(),
                new S3ConsistencyExperiment(),
                new CapPartitionExperiment(),
                new KinesisOrderingExperiment(),
                new KinesisFailoverExperiment(),
                new KinesisReshardingExperiment(),
                new KinesisHotShardExperiment(),
                new LambdaColdStartsExperiment(),
                new LambdaKinesisEsmExperiment(),
                new RaftElectionTimeoutsExperiment(),
                new DynamoDbLeaderElectionExperiment()));
    }
}
