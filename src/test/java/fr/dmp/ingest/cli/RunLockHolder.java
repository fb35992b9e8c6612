package fr.dmp.ingest.cli;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A child JVM that plays a run at its very end ({@code OperatorSlipsTest}): it holds {@code var/db.lock} naming its
 * server's port, as a run does, and when a reader connects there it drops the connection and lets the store go, as
 * a run that ends between status reading its port and connecting. Args: the lock file. With a second argument, a
 * number of milliseconds, it plays a run that has already stopped its server (nothing listens on the port it names)
 * and lets the store go only that long after.
 */
public final class RunLockHolder {

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             ServerSocket port = new ServerSocket(0)) {
            FileLock held = ch.tryLock();
            if (held == null) {
                System.exit(3);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\nrun-port " + port.getLocalPort() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
            if (args.length > 1) {
                port.close(); // the server stopped, the JVM not yet gone
            }
            System.out.println("holding");
            System.out.flush();
            if (args.length > 1) {
                Thread.sleep(Long.parseLong(args[1]));
                held.release();
                return;
            }
            port.setSoTimeout(120_000);
            try (Socket reader = port.accept()) {
                reader.setSoLinger(true, 0); // a reset, as from a server that stopped
            }
            held.release();
        }
    }
}
