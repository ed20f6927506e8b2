package dev.dslab.local;

import java.net.URI;
import java.nio.file.Path;

/**
 * What every service of the local target knows about the target it runs in.
 *
 * @param home        the target's state folder ($DSLAB_HOME/local)
 * @param edge        the edge endpoint (http://127.0.0.1:PORT); services that call other services
 *                    (CloudFormation resource providers, Lambda fetching code from S3) go through it with
 *                    the AWS SDK, exactly as a client outside the target would
 * @param region      the one region the local target serves
 * @param accountId   the one account the local target serves
 */
public record LocalTargetContext(Path home, URI edge, String region, String accountId) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    /** Any credentials are accepted; these are the ones `sandbox env` hands out. */
    public static final String ACCESS_KEY_ID = "dslab";
    public static final String SECRET_ACCESS_KEY = "dslab-local-secret";
}
