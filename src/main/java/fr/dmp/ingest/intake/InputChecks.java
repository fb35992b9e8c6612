package fr.dmp.ingest.intake;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;

import java.io.IOException;
import java.util.Optional;

/**
 * The checks every claimed file passes before a reader sees its bytes, in this order: a name that is
 * safe to handle ({@link FileNames}), a regular file within the feed's size limit read at most one byte
 * over it ({@link ClaimedBytes}), and not empty. A file that fails one is refused with its reason, never read.
 */
public final class InputChecks {

    private InputChecks() {
    }

    /** The checked bytes of a claimed file and its sidecar, or why it is refused (sha256 and size when known). */
    public static ClaimedBytes.Result read(ClaimedFile file, long maxSize) throws IOException {
        Optional<ClaimedBytes.Refused> unsafeName = unsafeName(file);
        if (unsafeName.isPresent()) {
            return unsafeName.get();
        }
        fr.dmp.ingest.faults.Faults.read(file.originalName());
        ClaimedBytes.Result result = ClaimedBytes.read(file, maxSize);
        if (result instanceof ClaimedBytes.Read read && read.bytes().length == 0) {
            return new ClaimedBytes.Refused(Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "empty file"), 0, read.sha256());
        }
        return result;
    }

    /** Why a claimed file too large to read whole is not to be streamed either: its name, a link, no regular file, its size. */
    public static Optional<ClaimedBytes.Refused> beforeStreaming(ClaimedFile file, long maxSize) throws IOException {
        Optional<ClaimedBytes.Refused> unsafeName = unsafeName(file);
        return unsafeName.isPresent() ? unsafeName : ClaimedBytes.check(file.path(), maxSize);
    }

    private static Optional<ClaimedBytes.Refused> unsafeName(ClaimedFile file) {
        return FileNames.problem(file.originalName())
                .map(problem -> new ClaimedBytes.Refused(Rejection.of(ReasonCode.UNSAFE_CONTENT, problem), 0, null));
    }
}
