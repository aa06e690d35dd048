package io.deltacat.client.internal;

import io.deltacat.api.model.DataRoot;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.io.spi.UploadAnswer;
import io.deltacat.io.spi.UploadStep;
import io.deltacat.wire.storage.UploadRequest;
import io.deltacat.wire.storage.UploadRequestPart;
import io.deltacat.wire.storage.UploadRequestStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place storage wire types ({@code io.deltacat.wire.storage}, and the data roots and vended
 * credentials of {@code io.deltacat.wire.common}) become API records and back.
 */
final class StorageWire {
    private StorageWire() {
    }

    /** Vended credentials; entries of a shape this client does not know (no prefix or provider) are skipped. */
    static List<StorageCredential> credentials(List<io.deltacat.wire.common.StorageCredential> wire) {
        List<StorageCredential> out = new ArrayList<>();
        if (wire == null) {
            return out;
        }
        for (io.deltacat.wire.common.StorageCredential c : wire) {
            if (c.prefix() != null && c.provider() != null) {
                out.add(new StorageCredential(c.prefix(), c.provider(),
                        c.properties() == null ? Map.of() : c.properties(), Optional.ofNullable(c.expiresAt())));
            }
        }
        return out;
    }

    static DataRoot root(io.deltacat.wire.common.DataRoot r) {
        DataRoot plain = new DataRoot(r.name(), r.uri(), Boolean.TRUE.equals(r.isDefault()));
        return new DataRoot(plain.name(), plain.uri(), plain.isDefault(),
                r.storageType() == null ? plain.storageType() : r.storageType(), Optional.ofNullable(r.region()),
                Optional.ofNullable(r.endpoint()));
    }

    static List<DataRoot> roots(List<io.deltacat.wire.common.DataRoot> roots) {
        return roots == null ? List.of() : roots.stream().map(StorageWire::root).toList();
    }

    /** One upload step, the file named relative to the write's staging prefix. */
    static UploadRequest upload(UploadStep step, String staging) {
        List<UploadRequestPart> parts = step.parts().isEmpty() ? null : step.parts().stream()
                .map(p -> new UploadRequestPart(p.partNumber(), p.etag())).toList();
        return new UploadRequest(step.uri().substring(staging.length()), UploadRequestStep.valueOf(step.kind().name()),
                step.uploadId(), step.partNumber() > 0 ? step.partNumber() : null, parts);
    }

    static UploadAnswer answer(io.deltacat.wire.storage.UploadAnswer a) {
        return new UploadAnswer(Optional.ofNullable(a.method()), Optional.ofNullable(a.url()),
                a.headers() == null ? Map.of() : a.headers(), a.expiresAt() == null ? 0 : a.expiresAt(),
                Optional.ofNullable(a.uploadId()));
    }
}
