package dev.dslab.local.emulator;

import dev.dslab.local.edge.ServiceProcess;
import java.net.URI;

/** A running emulator the edge forwards to: dynalite, kinesis-local or the embedded S3Proxy. */
public interface Emulator extends AutoCloseable {

    /** Where it answers, http://127.0.0.1:PORT. */
    URI endpoint();

    /** The emulator as `local status` shows it. */
    ServiceProcess process();

    @Override
    void close();
}
