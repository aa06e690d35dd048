package io.deltacat.wire;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the place in {@code openapi/deltacat-api.yaml} a wire type stands for: a component schema
 * ({@code "Table"}) or an inline one ({@code "UploadRequest.parts[]"}, {@code "UploadRequest.step"}).
 * WireDocumentTest compares each annotated type with that place.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WireSchema {
    /** The schema's name, or its path from a component schema. */
    String value();
}
