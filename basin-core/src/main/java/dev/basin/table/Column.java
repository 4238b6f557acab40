package dev.basin.table;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The CSV column of a record component: its name, when it is not the component's name in snake_case, and
 * optionally a fixed number of decimals for a double (wall-clock seconds: {@code decimals = 3}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD})
public @interface Column {
    String value() default "";

    /** Fixed decimals of a double column; −1 (default) writes the shortest decimal that reads back exactly. */
    int decimals() default -1;

    /**
     * A {@code double[]} component as numbered columns {@code <value>_1 … <value>_k} (sharpness.csv's
     * lambda_1, lambda_2, …); k is the array length, the same in every row of a file, and read back from the header.
     */
    boolean series() default false;

    /**
     * A record component of record type, its columns inline (no prefix). A file holds the group's columns or
     * not (see {@link Table.Layout}); in a file that holds them, a null group is a row of empty cells, and a
     * row of empty cells reads back as null.
     */
    boolean group() default false;

    /**
     * A {@code List} of records whose first component is a String key (a parameter tensor's name): for each other
     * component c and each key k a column {@code c_k}, component after component (alpha_0.weight, alpha_2.weight,
     * alpha_nz_0.weight, …). The keys are the file's (see {@link Table.Layout}) and read back from the header.
     */
    boolean perKey() default false;
}
