package io.deltacat.api.expr;

import io.deltacat.api.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The logic behind {@link Predicate}'s default methods, kept out of the interface for readability. */
final class PredicateSupport {
    private PredicateSupport() {
    }

    static void collectColumns(Predicate p, Set<String> out) {
        if (p instanceof Predicate.Compare) {
            out.add(((Predicate.Compare) p).column());
        } else if (p instanceof Predicate.In) {
            out.add(((Predicate.In) p).column());
        } else if (p instanceof Predicate.IsNull) {
            out.add(((Predicate.IsNull) p).column());
        } else if (p instanceof Predicate.Between) {
            out.add(((Predicate.Between) p).column());
        } else if (p instanceof Predicate.Like) {
            out.add(((Predicate.Like) p).column());
        } else if (p instanceof Predicate.And) {
            ((Predicate.And) p).operands().forEach(o -> collectColumns(o, out));
        } else if (p instanceof Predicate.Or) {
            ((Predicate.Or) p).operands().forEach(o -> collectColumns(o, out));
        } else {
            collectColumns(((Predicate.Not) p).operand(), out);
        }
    }

    static Predicate bind(Predicate p, Schema schema) {
        if (p instanceof Predicate.Compare) {
            Predicate.Compare c = (Predicate.Compare) p;
            ArrowType t = comparableType(schema, c.column());
            return new Predicate.Compare(c.op(), c.column(), Literals.normalize(c.column(), t, c.value()));
        }
        if (p instanceof Predicate.In) {
            Predicate.In in = (Predicate.In) p;
            ArrowType t = comparableType(schema, in.column());
            List<Object> values = new ArrayList<>();
            for (Object v : in.values()) {
                if (v == null) {
                    throw new InvalidRequestException("'in' on column '" + in.column()
                            + "' has a null value; use is_null");
                }
                values.add(Literals.normalize(in.column(), t, v));
            }
            return new Predicate.In(in.column(), values);
        }
        if (p instanceof Predicate.IsNull) {
            field(schema, ((Predicate.IsNull) p).column());
            return p;
        }
        if (p instanceof Predicate.Between) {
            Predicate.Between b = (Predicate.Between) p;
            ArrowType t = comparableType(schema, b.column());
            return new Predicate.Between(b.column(), Literals.normalize(b.column(), t, b.low()),
                    Literals.normalize(b.column(), t, b.high()));
        }
        if (p instanceof Predicate.Like) {
            Predicate.Like l = (Predicate.Like) p;
            ArrowType t = field(schema, l.column()).getType();
            if (t.getTypeID() != ArrowType.ArrowTypeID.Utf8 && t.getTypeID() != ArrowType.ArrowTypeID.LargeUtf8) {
                throw new InvalidRequestException("'like' needs a string column, but '" + l.column()
                        + "' has type " + Literals.typeName(t));
            }
            return p;
        }
        if (p instanceof Predicate.And) {
            return new Predicate.And(bindAll(((Predicate.And) p).operands(), schema));
        }
        if (p instanceof Predicate.Or) {
            return new Predicate.Or(bindAll(((Predicate.Or) p).operands(), schema));
        }
        return new Predicate.Not(bind(((Predicate.Not) p).operand(), schema));
    }

    private static List<Predicate> bindAll(List<Predicate> ps, Schema schema) {
        List<Predicate> out = new ArrayList<>(ps.size());
        for (Predicate p : ps) {
            out.add(bind(p, schema));
        }
        return out;
    }

    private static Field field(Schema schema, String column) {
        for (Field f : schema.getFields()) {
            if (f.getName().equals(column)) {
                return f;
            }
        }
        throw new InvalidRequestException("filter names unknown column '" + column + "'");
    }

    private static ArrowType comparableType(Schema schema, String column) {
        ArrowType t = field(schema, column).getType();
        if (!Literals.isComparable(t)) {
            throw new InvalidRequestException("column '" + column + "' of type " + Literals.typeName(t)
                    + " cannot be compared in a filter");
        }
        return t;
    }

    static Boolean evaluate(Predicate p, Function<String, Object> row) {
        if (p instanceof Predicate.Compare) {
            Predicate.Compare c = (Predicate.Compare) p;
            Object v = row.apply(c.column());
            return v == null ? null : c.op().test(Literals.compare(v, c.value()));
        }
        if (p instanceof Predicate.In) {
            Predicate.In in = (Predicate.In) p;
            Object v = row.apply(in.column());
            if (v == null) {
                return null;
            }
            for (Object candidate : in.values()) {
                if (Literals.compare(v, candidate) == 0) {
                    return true;
                }
            }
            return false;
        }
        if (p instanceof Predicate.IsNull) {
            return row.apply(((Predicate.IsNull) p).column()) == null;
        }
        if (p instanceof Predicate.Between) {
            Predicate.Between b = (Predicate.Between) p;
            Object v = row.apply(b.column());
            return v == null ? null : Literals.compare(v, b.low()) >= 0 && Literals.compare(v, b.high()) <= 0;
        }
        if (p instanceof Predicate.Like) {
            Predicate.Like l = (Predicate.Like) p;
            Object v = row.apply(l.column());
            return v == null ? null : likePattern(l.pattern()).matcher(v.toString()).matches();
        }
        if (p instanceof Predicate.And) {
            Boolean result = true;
            for (Predicate o : ((Predicate.And) p).operands()) {
                Boolean r = evaluate(o, row);
                if (Boolean.FALSE.equals(r)) {
                    return false;
                }
                if (r == null) {
                    result = null;
                }
            }
            return result;
        }
        if (p instanceof Predicate.Or) {
            Boolean result = false;
            for (Predicate o : ((Predicate.Or) p).operands()) {
                Boolean r = evaluate(o, row);
                if (Boolean.TRUE.equals(r)) {
                    return true;
                }
                if (r == null) {
                    result = null;
                }
            }
            return result;
        }
        Boolean r = evaluate(((Predicate.Not) p).operand(), row);
        return r == null ? null : !r;
    }

    /** Translates a SQL LIKE pattern into a regular expression. */
    static Pattern likePattern(String like) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : like.toCharArray()) {
            if (ch == '%' || ch == '_') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(ch == '%' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    static boolean mightMatch(Predicate p, Function<String, ColumnRange> stats) {
        if (p instanceof Predicate.Compare) {
            Predicate.Compare c = (Predicate.Compare) p;
            ColumnRange r = stats.apply(c.column());
            if (r.allNull()) {
                return false;
            }
            if (r.min() == null || r.max() == null) {
                return true;
            }
            int loCmp = Literals.compare(c.value(), r.min());
            int hiCmp = Literals.compare(c.value(), r.max());
            switch (c.op()) {
                case EQ: return loCmp >= 0 && hiCmp <= 0;
                case NE: return !(Literals.compare(r.min(), r.max()) == 0 && loCmp == 0);
                case LT: return Literals.compare(r.min(), c.value()) < 0;
                case LE: return Literals.compare(r.min(), c.value()) <= 0;
                case GT: return Literals.compare(r.max(), c.value()) > 0;
                default: return Literals.compare(r.max(), c.value()) >= 0;
            }
        }
        if (p instanceof Predicate.In) {
            Predicate.In in = (Predicate.In) p;
            for (Object v : in.values()) {
                if (mightMatch(new Predicate.Compare(Predicate.Op.EQ, in.column(), v), stats)) {
                    return true;
                }
            }
            return false;
        }
        if (p instanceof Predicate.IsNull) {
            ColumnRange r = stats.apply(((Predicate.IsNull) p).column());
            return !r.noNulls();
        }
        if (p instanceof Predicate.Between) {
            Predicate.Between b = (Predicate.Between) p;
            return mightMatch(new Predicate.Compare(Predicate.Op.GE, b.column(), b.low()), stats)
                    && mightMatch(new Predicate.Compare(Predicate.Op.LE, b.column(), b.high()), stats);
        }
        if (p instanceof Predicate.And) {
            for (Predicate o : ((Predicate.And) p).operands()) {
                if (!mightMatch(o, stats)) {
                    return false;
                }
            }
            return true;
        }
        if (p instanceof Predicate.Or) {
            for (Predicate o : ((Predicate.Or) p).operands()) {
                if (mightMatch(o, stats)) {
                    return true;
                }
            }
            return false;
        }
        if (p instanceof Predicate.Not && ((Predicate.Not) p).operand() instanceof Predicate.IsNull) {
            ColumnRange r = stats.apply(((Predicate.IsNull) ((Predicate.Not) p).operand()).column());
            return !r.allNull();
        }
        // like, and negations other than is-not-null, are not pruned
        return true;
    }
}
