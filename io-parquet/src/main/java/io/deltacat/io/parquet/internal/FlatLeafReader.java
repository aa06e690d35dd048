package io.deltacat.io.parquet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The fast path for a flat (non-repeated) primitive column whose Parquet values map one to one onto
 * an Arrow vector's storage: decodes whole pages instead of going value by value through a
 * {@code ColumnReader}. Plain-encoded fixed-width pages without nulls are copied into the Arrow data
 * buffer in one go; dictionary pages are decoded once per row group into arrays; strings are copied
 * straight from the page buffer. Any other encoding goes through Parquet's own {@link ValuesReader}.
 */
final class FlatLeafReader {
    /** The storage shapes this reader fills. */
    enum Kind {
        LONG(8), INT(4), DOUBLE(8), FLOAT(4), BINARY(0);

        final int width;

        Kind(int width) {
            this.width = width;
        }
    }


    private final ColumnDescriptor descriptor;
    private final int maxDef;
    private final FieldVector vector;
    private final Kind kind;

    private PageReader pages;
    private Dictionary dictionary;
    private long[] dictLongs;
    private int[] dictInts;
    private double[] dictDoubles;
    private float[] dictFloats;
    private byte[][] dictBytes;

    private int pageRemaining;
    /** Definition levels of the current page: bulk decoder, or Parquet's reader for old encodings. */
    private HybridDecoder levels;
    private ValuesReader levelReader;
    private ByteBuffer plain;
    private ValuesReader values;
    private boolean dictionaryIds;
    /** Next unread entry of {@code idBuffer} in the current run. */
    private int nextId;
    private HybridDecoder ids;
    private int[] levelBuffer = new int[0];
    private int[] idBuffer = new int[0];

    private FlatLeafReader(ColumnDescriptor descriptor, FieldVector vector, Kind kind) {
        this.descriptor = descriptor;
        this.maxDef = descriptor.getMaxDefinitionLevel();
        this.vector = vector;
        this.kind = kind;
    }

    /**
     * A fast reader for {@code vector} if its type stores exactly the Parquet values of
     * {@code column} (no conversion), else null (the caller uses the general path).
     */
    static FlatLeafReader forColumn(ColumnDescriptor descriptor, PrimitiveType column, FieldVector vector) {
        if (descriptor.getMaxRepetitionLevel() != 0) {
            return null;
        }
        ArrowType type = vector.getField().getType();
        LogicalTypeAnnotation logical = column.getLogicalTypeAnnotation();
        switch (column.getPrimitiveTypeName()) {
            case INT64:
                if (vector instanceof BigIntVector && ((ArrowType.Int) type).getIsSigned()
                        && (logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)) {
                    return new FlatLeafReader(descriptor, vector, Kind.LONG);
                }
                if (vector instanceof TimeStampVector
                        && logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                        && sameUnit((ArrowType.Timestamp) type,
                        ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) logical).getUnit())) {
                    return new FlatLeafReader(descriptor, vector, Kind.LONG);
                }
                return null;
            case INT32:
                if (vector instanceof IntVector && ((ArrowType.Int) type).getIsSigned()
                        && (logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)) {
                    return new FlatLeafReader(descriptor, vector, Kind.INT);
                }
                if (vector instanceof DateDayVector && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return new FlatLeafReader(descriptor, vector, Kind.INT);
                }
                return null;
            case DOUBLE:
                return vector instanceof Float8Vector ? new FlatLeafReader(descriptor, vector, Kind.DOUBLE) : null;
            case FLOAT:
                return vector instanceof Float4Vector ? new FlatLeafReader(descriptor, vector, Kind.FLOAT) : null;
            case BINARY:
                return vector instanceof VarCharVector || vector instanceof VarBinaryVector
                        ? new FlatLeafReader(descriptor, vector, Kind.BINARY) : null;
            default:
                return null;
        }
    }

    private static boolean sameUnit(ArrowType.Timestamp arrow, LogicalTypeAnnotation.TimeUnit parquet) {
        switch (parquet) {
            case MILLIS: return arrow.getUnit() == org.apache.arrow.vector.types.TimeUnit.MILLISECOND;
            case MICROS: return arrow.getUnit() == org.apache.arrow.vector.types.TimeUnit.MICROSECOND;
            default: return arrow.getUnit() == org.apache.arrow.vector.types.TimeUnit.NANOSECOND;
        }
    }

    /** Starts reading this column's chunk of a new row group. */
    void startRowGroup(PageReadStore store) throws IOException {
        pages = store.getPageReader(descriptor);
        pageRemaining = 0;
        dictionary = null;
        DictionaryPage dp = pages.readDictionaryPage();
        if (dp != null) {
            dictionary = dp.getEncoding().initDictionary(descriptor, dp);
            int size = dictionary.getMaxId() + 1;
            switch (kind) {
                case LONG:
                    dictLongs = new long[size];
                    for (int i = 0; i < size; i++) {
                        dictLongs[i] = dictionary.decodeToLong(i);
                    }
                    break;
                case INT:
                    dictInts = new int[size];
                    for (int i = 0; i < size; i++) {
                        dictInts[i] = dictionary.decodeToInt(i);
                    }
                    break;
                case DOUBLE:
                    dictDoubles = new double[size];
                    for (int i = 0; i < size; i++) {
                        dictDoubles[i] = dictionary.decodeToDouble(i);
                    }
                    break;
                case FLOAT:
                    dictFloats = new float[size];
                    for (int i = 0; i < size; i++) {
                        dictFloats[i] = dictionary.decodeToFloat(i);
                    }
                    break;
                default:
                    dictBytes = new byte[size][];
                    for (int i = 0; i < size; i++) {
                        dictBytes[i] = dictionary.decodeToBinary(i).getBytes();
                    }
            }
        }
    }

    /** Reads {@code count} values into the vector at {@code offset}..; the vector has been reset. */
    void read(int offset, int count) throws IOException {
        if (kind != Kind.BINARY) {
            BaseFixedWidthVector v = (BaseFixedWidthVector) vector;
            while (v.getValueCapacity() < offset + count) {
                v.reAlloc();
            }
        }
        while (count > 0) {
            if (pageRemaining == 0) {
                nextPage();
            }
            int n = Math.min(count, pageRemaining);
            readRun(offset, n);
            offset += n;
            count -= n;
            pageRemaining -= n;
        }
    }

    private void nextPage() throws IOException {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new IOException("column " + descriptor + " has fewer values than its row group");
        }
        pageRemaining = page.getValueCount();
        levels = null;
        levelReader = null;
        int levelWidth = BytesUtils.getWidthFromMaxInt(maxDef);
        if (page instanceof DataPageV1) {
            DataPageV1 p = (DataPageV1) page;
            ByteBufferInputStream in = p.getBytes().toInputStream();
            ValuesReader rl = p.getRlEncoding().getValuesReader(descriptor, ValuesType.REPETITION_LEVEL);
            rl.initFromPage(pageRemaining, in);
            if (maxDef > 0 && p.getDlEncoding() == Encoding.RLE) {
                int length = BytesUtils.readIntLittleEndian(in);
                levels = new HybridDecoder(in.slice(length).order(ByteOrder.LITTLE_ENDIAN), levelWidth);
            } else {
                ValuesReader dl = p.getDlEncoding().getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
                dl.initFromPage(pageRemaining, in);
                levelReader = maxDef == 0 ? null : dl;
            }
            startValues(p.getValueEncoding(), in, pageRemaining);
        } else {
            DataPageV2 p = (DataPageV2) page;
            if (maxDef > 0) {
                levels = new HybridDecoder(p.getDefinitionLevels().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN),
                        levelWidth);
            }
            startValues(p.getDataEncoding(), p.getData().toInputStream(), pageRemaining);
        }
    }

    private void startValues(Encoding encoding, ByteBufferInputStream in, int count) throws IOException {
        plain = null;
        values = null;
        ids = null;
        dictionaryIds = encoding.usesDictionary();
        if (dictionaryIds) {
            if (dictionary == null) {
                throw new IOException("column " + descriptor + " has a dictionary-encoded page but no dictionary");
            }
            if (in.available() > 0) { // a page of nulls only has no ids at all
                int width = BytesUtils.readIntLittleEndianOnOneByte(in);
                ids = new HybridDecoder(in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN), width);
            }
        } else if (encoding == Encoding.PLAIN) {
            plain = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN);
        } else {
            values = encoding.getValuesReader(descriptor, ValuesType.VALUES);
            values.initFromPage(count, in);
        }
    }

    private void readRun(int offset, int n) throws IOException {
        if (levelBuffer.length < n) {
            levelBuffer = new int[n];
        }
        int[] defs = levelBuffer;
        if (levels != null) {
            levels.read(defs, 0, n);
        } else if (levelReader != null) {
            for (int i = 0; i < n; i++) {
                defs[i] = levelReader.readInteger();
            }
        } else {
            java.util.Arrays.fill(defs, 0, n, maxDef);
        }
        boolean[] present = new boolean[n];
        int nonNull = 0;
        for (int i = 0; i < n; i++) {
            if (defs[i] == maxDef) {
                present[i] = true;
                nonNull++;
            }
        }
        nextId = 0;
        if (dictionaryIds && nonNull > 0) {
            if (idBuffer.length < nonNull) {
                idBuffer = new int[nonNull];
            }
            ids.read(idBuffer, 0, nonNull);
        }
        if (kind == Kind.BINARY) {
            readBinary(offset, n, present);
            return;
        }
        ArrowBuf data = ((BaseFixedWidthVector) vector).getDataBuffer();
        ArrowBuf validity = vector.getValidityBuffer();
        int width = kind.width;
        if (plain != null && nonNull == n) {
            // the page's bytes are the vector's bytes: one copy for the whole run
            ByteBuffer run = plain.slice().order(ByteOrder.LITTLE_ENDIAN);
            run.limit(n * width);
            data.setBytes((long) offset * width, run);
            plain.position(plain.position() + n * width);
            setBits(validity, offset, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!present[i]) {
                continue;
            }
            long at = (long) (offset + i) * width;
            switch (kind) {
                case LONG: data.setLong(at, nextLong()); break;
                case INT: data.setInt(at, nextInt()); break;
                case DOUBLE: data.setDouble(at, nextDouble()); break;
                default: data.setFloat(at, nextFloat()); break;
            }
            BitVectorHelper.setBit(validity, offset + i);
        }
    }

    private long nextLong() {
        return plain != null ? plain.getLong() : dictionaryIds ? dictLongs[idBuffer[nextId++]] : values.readLong();
    }

    private int nextInt() {
        return plain != null ? plain.getInt() : dictionaryIds ? dictInts[idBuffer[nextId++]] : values.readInteger();
    }

    private double nextDouble() {
        return plain != null ? plain.getDouble()
                : dictionaryIds ? dictDoubles[idBuffer[nextId++]] : values.readDouble();
    }

    private float nextFloat() {
        return plain != null ? plain.getFloat() : dictionaryIds ? dictFloats[idBuffer[nextId++]] : values.readFloat();
    }

    /** Sets validity bits [from, from + n): whole bytes at once. */
    private static void setBits(ArrowBuf validity, int from, int n) {
        int i = from;
        int end = from + n;
        for (; i < end && (i & 7) != 0; i++) {
            BitVectorHelper.setBit(validity, i);
        }
        int bytes = (end - i) >> 3;
        if (bytes > 0) {
            validity.setOne((long) (i >> 3), bytes);
            i += bytes << 3;
        }
        for (; i < end; i++) {
            BitVectorHelper.setBit(validity, i);
        }
    }

    private void readBinary(int offset, int n, boolean[] present) {
        BaseVariableWidthVector v = (BaseVariableWidthVector) vector;
        if (dictionaryIds || (plain != null && plain.hasArray())) {
            readBinaryBulk(v, offset, n, present);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!present[i]) {
                continue;
            }
            int index = offset + i;
            if (plain != null) {
                int len = plain.getInt();
                int start = plain.position();
                v.setSafe(index, plain, start, len);
                plain.position(start + len);
            } else if (dictionaryIds) {
                v.setSafe(index, dictBytes[idBuffer[nextId++]]);
            } else {
                ByteBuffer b = values.readBytes().toByteBuffer();
                v.setSafe(index, b, b.position(), b.remaining());
            }
        }
    }

    /**
     * Dictionary or PLAIN strings of a run, written straight into the vector's buffers after sizing
     * them once for the whole run ({@code setSafe} re-checked every buffer's capacity per value).
     */
    private void readBinaryBulk(BaseVariableWidthVector v, int offset, int n, boolean[] present) {
        while (v.getValueCapacity() < offset + n) {
            v.reallocValidityAndOffsetBuffers();
        }
        long need = 0;
        int id = nextId;
        byte[] page = plain == null ? null : plain.array();
        int base = plain == null ? 0 : plain.arrayOffset();
        int position = plain == null ? 0 : plain.position();
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                if (page == null) {
                    need += dictBytes[idBuffer[id++]].length;
                } else {
                    int len = readLength(page, base + position);
                    need += len;
                    position += 4 + len;
                }
            }
        }
        // the run starts where the last value set ends; rows between (nulls) get empty slots
        int last = v.getLastSet();
        int start = last < 0 ? 0 : v.getOffsetBuffer().getInt((long) (last + 1) * BaseVariableWidthVector.OFFSET_WIDTH);
        while (v.getDataBuffer().capacity() < start + need) {
            v.reallocDataBuffer();
        }
        long data = v.getDataBuffer().memoryAddress();
        long offsets = v.getOffsetBuffer().memoryAddress();
        for (int index = last + 1; index < offset; index++) {
            MemoryUtil.putInt(offsets + (long) (index + 1) * BaseVariableWidthVector.OFFSET_WIDTH, start);
        }
        ArrowBuf validity = v.getValidityBuffer();
        int end = start;
        position = plain == null ? 0 : plain.position();
        for (int i = 0; i < n; i++) {
            int index = offset + i;
            if (present[i]) {
                int len;
                if (page == null) {
                    byte[] bytes = dictBytes[idBuffer[nextId++]];
                    len = bytes.length;
                    MemoryUtil.copyToMemory(bytes, 0, data + end, len);
                } else {
                    len = readLength(page, base + position);
                    MemoryUtil.copyToMemory(page, base + position + 4, data + end, len);
                    position += 4 + len;
                }
                end += len;
                BitVectorHelper.setBit(validity, index);
            }
            MemoryUtil.putInt(offsets + (long) (index + 1) * BaseVariableWidthVector.OFFSET_WIDTH, end);
        }
        if (plain != null) {
            plain.position(position);
        }
        v.setLastSet(offset + n - 1);
    }

    /** A PLAIN value's little-endian length (Arrow only runs on little-endian machines). */
    private static int readLength(byte[] page, int at) {
        return MemoryUtil.getInt(page, at);
    }
}
