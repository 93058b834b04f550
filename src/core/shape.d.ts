/**
 * The type-level core: shapes, dims and the checks every op uses.
 *
 * A shape is a readonly tuple of dims. A dim is a numeric literal type (`784`) when it is known at compile
 * time and `number` when it is known only at run time (a batch size, data read from a file).
 *
 * | operands                      | checked        | on mismatch                                      |
 * | ----------------------------- | -------------- | ------------------------------------------------ |
 * | both dims literal (`3`, `4`)  | compile time   | a type error naming the op and both dims         |
 * | one or both dims `number`     | run time       | the op throws a `ShapeError` naming both shapes  |
 * | type-parameter dims (`I`, `O`) | compile time  | identical parameters pass, different ones fail  |
 *
 * Type-level code here only compares dims; it never does arithmetic on them (see `reshape`).
 *
 * @since 0.1.0
 */
declare const DimName: unique symbol;
/**
 * A dimension: a numeric literal type when static, `number` when dynamic. `Dim<'batch'>` is a dynamic dim with a
 * name (a branded `number`, made by `dim('batch', n)`): two dynamic dims of different names are a compile-time
 * mismatch (`add: shapes differ, [batch, 3] vs [seq, 3]`), while the same name, or a name against a literal or
 * `number`, passes and is checked at run time.
 *
 * @category model
 * @since 0.1.0
 */
export type Dim<Name extends string = never> = [Name] extends [never] ? number : number & {
    readonly [DimName]: Name;
};
/**
 * Any named dynamic dim.
 *
 * @category model
 * @since 0.2.0
 */
export type AnyNamedDim = number & {
    readonly [DimName]: string;
};
/**
 * Names a dim known only at run time: `fromArray(xs, [dim('batch', n), 784])` is a `Tensor<readonly
 * [Dim<'batch'>, 784]>`. The value is unchanged.
 *
 * @category utils
 * @since 0.2.0
 */
export declare const dim: <const Name extends string>(name: Name, n: number) => Dim<Name>;
/** A dim as text in a message: its literal, its name, or `number`. Only evaluated in error branches. */
type DimText<X> = number extends X ? 'number' : [X] extends [Dynamic] ? 'number' : X extends {
    readonly [DimName]: infer N extends string;
} ? N : X extends number ? `${X}` : '?';
/**
 * Whether two dims that are not equal may still agree at run time: either is `number`, or one is named and the
 * other is not (a name against a literal is checked at run time). Two different names never agree.
 */
type MayAgree<D1, D2> = number extends D1 ? true : number extends D2 ? true : [D1] extends [Dynamic] ? true : [D2] extends [Dynamic] ? true : NamesMayAgree<D1, D2>;
type NamesMayAgree<D1, D2> = [D1] extends [AnyNamedDim] ? [D2] extends [AnyNamedDim] ? false : true : [D2] extends [AnyNamedDim] ? true : false;
/**
 * A shape: a readonly tuple of dims, `readonly [rows, cols]` for a matrix.
 *
 * @category model
 * @since 0.1.0
 */
export type Shape = ReadonlyArray<Dim>;
/**
 * Renders a shape as text for error messages: `Show<readonly [2, 3]>` is `"[2, 3]"`.
 * Only ever evaluated inside an error branch, so it costs nothing on correct code.
 *
 * @category model
 * @since 0.1.0
 */
export type Show<S> = S extends readonly [] ? '[]' : `[${Join<S>}]`;
type Join<S> = S extends readonly [infer H extends number] ? DimText<H> : S extends readonly [infer H extends number, ...infer R] ? `${DimText<H>}, ${Join<R>}` : S extends ReadonlyArray<number> ? '...' : never;
/**
 * `X` when dims `D1` and `D2` may be equal, else the message `Msg`.
 *
 * Why this form: `[D2] extends [D1]` must be the first branch. TypeScript relates an argument to a deferred
 * conditional parameter type by testing that branch with identical type parameters as definitely true, so
 * generic code such as `matmul(x: Mat<B, I>, w: Mat<I, O>)` type-checks. A dynamic dim (`number`) on either
 * side is accepted here and checked at run time by the op.
 *
 * @category model
 * @since 0.1.0
 */
export type CheckDim<D1 extends number, D2 extends number, X, Msg extends string> = [D2] extends [D1] ? X : MayAgree<D1, D2> extends true ? X : Msg;
type DimsAgree<A, B> = A extends readonly [] ? B extends readonly [] ? true : false : A extends readonly [infer a extends number, ...infer ra] ? B extends readonly [infer b extends number, ...infer rb] ? CheckDim<a, b, DimsAgree<ra, rb>, 'no'> : false : false;
/**
 * `X` when shapes `A` and `B` may be equal (same rank, every dim agreeing as in `CheckDim`), else `Msg`.
 *
 * @category model
 * @since 0.1.0
 */
export type CheckShape<A extends Shape, B extends Shape, X, Msg extends string> = [B] extends [A] ? X : DimsAgree<A, B> extends true ? X : Msg;
/**
 * The more precise of two agreeing shapes: a dynamic dim of `A` takes `B`'s dim.
 *
 * @category model
 * @since 0.1.0
 */
export type Unify<A extends Shape, B extends Shape> = [B] extends [A] ? [A] extends [B] ? A : B : {
    readonly [K in keyof A]: number extends A[K] ? (K extends keyof B ? B[K] : A[K]) : A[K];
};
/**
 * The dims of a shape as text, `"2,3,"`, for the check types below. It is generic (a template literal over type
 * parameters) exactly when some dim is a type parameter, which keeps a check on such a shape deferred, so generic
 * code is reported by the operand type's own name and arguments instead of a half-evaluated message.
 */
type Key<S> = S extends readonly [infer H extends number, ...infer R] ? `${H},${Key<R>}` : '';
type Infix<R extends string> = R extends `matmulTransA${string}` ? 'ᵀ·' : '·';
type Suffix<R extends string> = R extends `matmulTransB${string}` ? 'ᵀ' : '';
/**
 * The checked operand of a binary op: `X` when its dim `D2` may equal the other operand's dim `D1` (equal, or
 * either `number`, checked at run time), else the message `matmul: inner dims differ (3 vs 4) in [2, 3]·[4, 5]`:
 * the reason, both dims and both shapes `A`, `B` (left operand first).
 *
 * In generic code the check stays open and TypeScript prints this type itself, which names the op, the two dims
 * and both shapes by their type parameters:
 * `Operand<"matmul: inner dims differ", O, I, [B, O], [I, O], Tensor<readonly [I, O]>>`. (A type parameter's
 * name cannot be turned into a string at the type level, so the message cannot be a sentence there.)
 *
 * Why this form: the first branch compares `D2` with `D1` (and each shape with itself), which TypeScript counts as
 * definitely true when the parameters are identical, so correct generic code passes.
 *
 * @category model
 * @since 0.2.0
 */
export type Operand<Reason extends string, D1 extends number, D2 extends number, A extends Shape, B extends Shape, X> = [D2, Key<A>, Key<B>] extends [D1, Key<A>, Key<B>] ? X : MayAgree<D1, D2> extends true ? X : Explain<Reason, D1, D2, A, B>;
type Explain<R extends string, D1 extends number, D2 extends number, A, B> = R extends `matvec${string}` ? `matvec: matrix has ${DimText<D1>} columns but vector has length ${DimText<D2>} in ${Show<A>}·${Show<B>}` : R extends `addBias${string}` ? `addBias: bias length ${DimText<D2>} != row width ${DimText<D1>} in ${Show<A>} + ${Show<B>}` : `${R} (${DimText<D1>} vs ${DimText<D2>}) in ${Show<A>}${Infix<R>}${Show<B>}${Suffix<R>}`;
/**
 * The checked operand of an elementwise op: `X` when shapes `A` and `B` may be equal (same rank, every dim
 * agreeing as in `Operand`), else the message `add: shapes differ, [2, 3] vs [2, 4]`; a reason `op: what != ref`
 * reads `op: what shape [2, 4] != ref shape [2, 3]` (`B` is the operand, `A` the reference). In generic code it
 * is printed as itself, `SameShape<"add: shapes differ", [B, O], [B, I], Tensor<readonly [B, I]>>`.
 *
 * @category model
 * @since 0.2.0
 */
export type SameShape<Reason extends string, A extends Shape, B extends Shape, X> = [B, Key<A>, Key<B>] extends [
    A,
    Key<A>,
    Key<B>
] ? X : DimsAgree<A, B> extends true ? X : ExplainSame<Reason, A, B>;
/**
 * The message of a failed `SameShape`: a reason of the form `op: operand != reference` names both roles,
 * `cost.value: target shape [2, 4] != output shape [2, 3]` (the operand `B` first); any other reason is followed
 * by both shapes, `add: shapes differ, [2, 3] vs [2, 4]`.
 */
type ExplainSame<R extends string, A, B> = R extends `${infer Op}: ${infer Got} != ${infer Want}` ? `${Op}: ${Got} shape ${Show<B>} != ${Want} shape ${Show<A>}` : `${R}, ${Show<A>} vs ${Show<B>}`;
/**
 * `S` when it is a tuple of known rank, else a message. A widened `number[]` would silently lose the rank.
 *
 * @category model
 * @since 0.1.0
 */
export type KnownRank<S extends Shape, Op extends string> = number extends S['length'] ? `${Op}: shape must be a tuple of known rank such as [2, 3], got number[]` : S;
declare const DynamicBrand: unique symbol;
/**
 * A width or dim known only at run time, marked as such with `dynamic(n)`. Constructors and layers (`zeros`,
 * `dense`, `input`, …) reject a plain `number`, which would silently move every later check to run time; a
 * `Dynamic` is accepted and becomes the dim `number`, checked at run time by each op.
 *
 * @category model
 * @since 0.2.0
 */
export type Dynamic = number & {
    readonly [DynamicBrand]: true;
};
/**
 * Marks a run-time number as a dynamic width or dim: `dense(dynamic(n), relu)`, `zeros([dynamic(rows), 3])`.
 * The value is unchanged; its dims are checked at run time.
 *
 * @category utils
 * @since 0.2.0
 */
export declare const dynamic: (n: number) => Dynamic;
/**
 * The dim a width argument stands for: `number` for a `Dynamic`, the literal itself otherwise.
 *
 * @category model
 * @since 0.2.0
 */
export type DimOf<W extends number> = [W] extends [Dynamic] ? number : W;
/**
 * A vector of length `N`.
 *
 * @category model
 * @since 0.1.0
 */
export type Vec<N extends number> = readonly [N];
/**
 * A matrix with `R` rows and `C` columns.
 *
 * @category model
 * @since 0.1.0
 */
export type Mat<R extends number, C extends number> = readonly [R, C];
/**
 * The number of elements of a shape: the product of its dims (1 for a scalar).
 *
 * @category utils
 * @since 0.1.0
 */
export declare const numel: (shape: Shape) => number;
/**
 * Whether two runtime shapes are equal dim for dim.
 *
 * @category utils
 * @since 0.1.0
 */
export declare const sameShape: (a: Shape, b: Shape) => boolean;
/**
 * A shape as text, `[2, 3]`, for messages.
 *
 * @category utils
 * @since 0.1.0
 */
export declare const showShape: (shape: Shape) => string;
export {};
