package dev.dslab.local;

import dev.dslab.local.cloudformation.CloudFormationService;
import dev.dslab.local.edge.AwsService;
import dev.dslab.local.emulator.Emulators;
import dev.dslab.local.kinesis.KinesisFront;
import dev.dslab.local.lambda.LambdaService;
import dev.dslab.local.s3.S3Front;
import dev.dslab.local.state.StateFolders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every AWS service the local target serves, in the order they are closed last-to-first. */
public final class Services {

    private Services() {
    }

    /** One line per service: a new service adds its line here. */
    public static List<AwsService> create(LocalTargetContext context, Emulators emulators) {
        List<AwsService> services = new ArrayList<>();
        services.add(new dev.dslab.local.dynamodb.DynamoDbFront(emulators.dynamodb(), Duration.ofSeconds(60),
                new StateFolders(context.home()).dynamodb()));
        services.add(new KinesisFront(emulators.kinesis(), Duration.ofSeconds(60), context.accountId(),
                new StateFolders(context.home()).kinesis().resolve(Emulators.KINESIS_DATA_FILE)));
        services.add(new S3Front(emulators.s3()));
        // event source mappings are mounted on this service (their API shares Lambda's endpoint)
        LambdaService lambda = new LambdaService(context);
        services.add(lambda);
        services.add(new CloudFormationService(context));
        return services;
    }
}
