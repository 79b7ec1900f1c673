//! Attribute macros of uprgraph's GraphQL layer. async-graphql cannot flatten a struct
//! into field arguments, so every paged field would repeat the same six documented
//! arguments, and every grouped statistic the same three; [`list_fields`] writes them
//! from one parameter instead.

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::{
    parse_macro_input, parse_quote, spanned::Spanned, Attribute, Error, FnArg, GenericArgument,
    Ident, ImplItem, ItemImpl, LitStr, Pat, PathArguments, Type,
};

/// The list sizes the descriptions state: the GraphQL crate's own file, compiled here
/// too, so that no description restates a number the server checks.
#[path = "../../graphql/src/sizes.rs"]
mod sizes;

use sizes::{DEFAULT_GROUPS, MAX_GROUPS, MAX_PAGE_SIZE};

/// Placed on an `#[Object]` impl block (above `#[Object]`, so that it runs first). Each
/// method marked `#[paged(noun = "reviews")]` takes one parameter `page: Paged<Filter,
/// Order>` (or `page: Paged` for a list with neither); it becomes the Relay arguments
/// `first`, `after`, `last` and `before`, and for `Paged<F, O>` `filter: Option<F>` and
/// `orderBy: Option<Vec<O>>`, each described in the words every list uses. The body is
/// the method's own and sees `page` built from them by the parameter's type's `new`:
///
/// ```text
/// /// The reviews held at this session.
/// #[paged(noun = "reviews")]
/// async fn reviews(
///     &self,
///     ctx: &Context<'_>,
///     page: Paged<ReviewFilterInput, ReviewOrder>,
/// ) -> Result<ReviewConnection> {
///     child_connection(ctx, ReviewsOfSession, self.0.id(), page).await
/// }
/// ```
///
/// is the field `reviews(first, after, last, before, filter, orderBy)`, whose body
/// starts with `let page: Paged<ReviewFilterInput, ReviewOrder> = <Paged<…>>::new(first,
/// after, last, before, filter, order_by);`. (What a page costs for the complexity limit
/// is not declared here: the GraphQL crate's `limits.rs` weighs every field that returns
/// a connection by its page size.)
///
/// Each method marked `#[grouped(noun = "recommendations", ungrouped = "one group")]`
/// takes one parameter `groups: Grouped<Filter, GroupBy>`; it becomes `filter:
/// Option<Filter>`, `groupBy: Vec<GroupBy>` (required when `ungrouped` is not said, else
/// empty by default, giving what `ungrouped` says) and `first: Option<i32>`. The body
/// sees `groups` built from them by `Grouped::new(filter, group_by, first)` (and
/// `limits.rs` weighs every field that takes `groupBy` by its number of groups).
#[proc_macro_attribute]
pub fn list_fields(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return Error::new(Span::call_site(), "`list_fields` takes no arguments")
            .to_compile_error()
            .into();
    }
    let mut block = parse_macro_input!(item as ItemImpl);
    for item in &mut block.items {
        if let ImplItem::Fn(method) = item {
            if let Err(err) = rewrite(method) {
                return err.to_compile_error().into();
            }
        }
    }
    quote!(#block).into()
}

/// Rewrites one method if it is marked `#[paged]` or `#[grouped]`.
fn rewrite(method: &mut syn::ImplItemFn) -> syn::Result<()> {
    if let Some(index) = method.attrs.iter().position(|a| a.path().is_ident("paged")) {
        let noun = paged_noun(&method.attrs.remove(index))?;
        return paged(method, &noun);
    }
    if let Some(index) = method
        .attrs
        .iter()
        .position(|a| a.path().is_ident("grouped"))
    {
        let arguments = grouped_arguments(&method.attrs.remove(index))?;
        return grouped(method, &arguments);
    }
    Ok(())
}

/// The description of an argument.
fn text(s: String) -> LitStr {
    LitStr::new(&s, Span::call_site())
}

/// Makes a paged field of `method`: its `Paged` parameter becomes the Relay arguments.
fn paged(method: &mut syn::ImplItemFn, noun: &str) -> syn::Result<()> {
    let (position, binding, ty) = parameter(method, "Paged")?;
    let first = text(format!(
        "Return the first n {noun} (at most {MAX_PAGE_SIZE})."
    ));
    let after = text(format!("Return {noun} after this cursor."));
    let last = text(format!(
        "Return the last n {noun} (at most {MAX_PAGE_SIZE})."
    ));
    let before = text(format!("Return {noun} before this cursor."));
    let mut arguments: Vec<FnArg> = vec![
        parse_quote!(#[graphql(desc = #first)] first: ::std::option::Option<i32>),
        parse_quote!(#[graphql(desc = #after)] after: ::std::option::Option<::std::string::String>),
        parse_quote!(#[graphql(desc = #last)] last: ::std::option::Option<i32>),
        parse_quote!(#[graphql(desc = #before)] before: ::std::option::Option<::std::string::String>),
    ];
    let init = if let Some([filter, order]) = type_arguments(&ty, "Paged")? {
        let order_desc = text(format!(
            "Sort the {noun} by these keys in turn (then by id)."
        ));
        arguments.push(filter_argument(noun, &filter));
        arguments.push(parse_quote!(
            #[graphql(desc = #order_desc)]
            order_by: ::std::option::Option<::std::vec::Vec<#order>>
        ));
        quote!(<#ty>::new(first, after, last, before, filter, order_by))
    } else {
        quote!(<#ty>::new(first, after, last, before, None, None))
    };
    flatten(method, position, arguments, (binding, ty, init));
    Ok(())
}

/// Makes a grouped statistic of `method`: its `Grouped` parameter becomes the
/// arguments `filter`, `groupBy` and `first`.
fn grouped(method: &mut syn::ImplItemFn, arguments: &GroupedArguments) -> syn::Result<()> {
    let (position, binding, ty) = parameter(method, "Grouped")?;
    let Some([filter, group_by]) = type_arguments(&ty, "Grouped")? else {
        return Err(Error::new(
            ty.span(),
            "`Grouped` takes a filter type and a dimension type",
        ));
    };
    let group_by: FnArg = match &arguments.ungrouped {
        Some(ungrouped) => {
            let desc = text(format!(
                "The dimensions to group by; none gives {ungrouped}."
            ));
            parse_quote!(#[graphql(desc = #desc, default)] group_by: ::std::vec::Vec<#group_by>)
        }
        None => parse_quote!(
            #[graphql(desc = "The dimensions to group by.")] group_by: ::std::vec::Vec<#group_by>
        ),
    };
    let first_desc = text(format!(
        "Return the first n groups, largest first (default {DEFAULT_GROUPS}, at most {MAX_GROUPS})."
    ));
    let first = parse_quote!(
        #[graphql(desc = #first_desc)]
        first: ::std::option::Option<i32>
    );
    let arguments = vec![filter_argument(&arguments.noun, &filter), group_by, first];
    let init = quote!(<#ty>::new(filter, group_by, first));
    flatten(method, position, arguments, (binding, ty, init));
    Ok(())
}

/// The `filter` argument of a list of `noun`.
fn filter_argument(noun: &str, filter: &Type) -> FnArg {
    let desc = text(format!("Only the {noun} that pass this filter."));
    parse_quote!(#[graphql(desc = #desc)] filter: ::std::option::Option<#filter>)
}

/// The position, name and type of `method`'s parameter whose type is named `name`.
fn parameter(method: &syn::ImplItemFn, name: &str) -> syn::Result<(usize, Ident, Type)> {
    let position = method
        .sig
        .inputs
        .iter()
        .position(|input| matches!(input, FnArg::Typed(t) if is_named(&t.ty, name)))
        .ok_or_else(|| {
            Error::new(
                method.sig.span(),
                format!("the field takes a parameter of type `{name}`"),
            )
        })?;
    let FnArg::Typed(param) = &method.sig.inputs[position] else {
        unreachable!("the position of a typed parameter");
    };
    let Pat::Ident(binding) = &*param.pat else {
        return Err(Error::new(
            param.pat.span(),
            format!("bind the `{name}` to a name"),
        ));
    };
    Ok((position, binding.ident.clone(), (*param.ty).clone()))
}

/// Puts `arguments` in place of the parameter at `position` and builds the parameter's
/// value from them at the start of the body (`let binding: ty = init;`).
fn flatten(
    method: &mut syn::ImplItemFn,
    position: usize,
    mut arguments: Vec<FnArg>,
    (binding, ty, init): (Ident, Type, proc_macro2::TokenStream),
) {
    let inputs = std::mem::take(&mut method.sig.inputs);
    for (i, input) in inputs.into_iter().enumerate() {
        if i == position {
            method.sig.inputs.extend(arguments.drain(..));
        } else {
            method.sig.inputs.push(input);
        }
    }
    let body = &method.block;
    method.block = parse_quote!({
        let #binding: #ty = #init;
        #body
    });
}

/// The noun `#[paged(noun = "...")]` says, plural, as the descriptions use it.
fn paged_noun(attr: &Attribute) -> syn::Result<String> {
    let [noun] = attribute_values(attr, ["noun"])?;
    string(attr, "noun", noun)
}

/// What `#[grouped(noun = "...", ungrouped = "...")]` says.
struct GroupedArguments {
    /// What is grouped, plural, as the descriptions use it.
    noun: String,
    /// What a statistic grouped by nothing gives ("one group"), for one whose `groupBy`
    /// may be left out; without it, `groupBy` is required.
    ungrouped: Option<String>,
}

fn grouped_arguments(attr: &Attribute) -> syn::Result<GroupedArguments> {
    let [noun, ungrouped] = attribute_values(attr, ["noun", "ungrouped"])?;
    Ok(GroupedArguments {
        noun: string(attr, "noun", noun)?,
        ungrouped: ungrouped
            .map(|value| value.parse::<LitStr>().map(|s| s.value()))
            .transpose()?,
    })
}

/// The values of an attribute's `name = value` pairs, in the order of `names` (each
/// `None` when not given), for the caller to read as what each should be.
fn attribute_values<const N: usize>(
    attr: &Attribute,
    names: [&str; N],
) -> syn::Result<[Option<AttributeValue>; N]> {
    let mut values = [(); N].map(|()| None);
    attr.parse_nested_meta(|meta| {
        let Some(i) = names.iter().position(|name| meta.path.is_ident(name)) else {
            let expected: Vec<String> = names.iter().map(|n| format!("`{n} = ...`")).collect();
            return Err(meta.error(format!("expected {}", expected.join(" or "))));
        };
        values[i] = Some(AttributeValue(meta.value()?.parse::<syn::Expr>()?));
        Ok(())
    })?;
    Ok(values)
}

/// One attribute value: a literal or a path, read up to the next comma.
struct AttributeValue(syn::Expr);

impl AttributeValue {
    fn parse<T: syn::parse::Parse>(self) -> syn::Result<T> {
        let AttributeValue(value) = self;
        syn::parse2(quote!(#value))
    }
}

/// The string a required `name = "..."` of `attr` gives.
fn string(attr: &Attribute, name: &str, value: Option<AttributeValue>) -> syn::Result<String> {
    let value =
        value.ok_or_else(|| Error::new(attr.span(), format!("expected `{name} = \"...\"`")))?;
    Ok(value.parse::<LitStr>()?.value())
}

/// Whether a parameter's type is named `name`, with or without its arguments.
fn is_named(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

/// The two type arguments of `Name<A, B>`, or none for a bare `Name`.
fn type_arguments(ty: &Type, name: &str) -> syn::Result<Option<[Type; 2]>> {
    let Type::Path(path) = ty else {
        unreachable!("checked by is_named");
    };
    let segment = path.path.segments.last().expect("checked by is_named");
    match &segment.arguments {
        PathArguments::None => Ok(None),
        PathArguments::AngleBracketed(args) => {
            let types: Vec<&Type> = args
                .args
                .iter()
                .filter_map(|a| match a {
                    GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .collect();
            match types.as_slice() {
                [a, b] => Ok(Some([(*a).clone(), (*b).clone()])),
                _ => Err(Error::new(
                    args.span(),
                    format!("`{name}` takes two type arguments, or none"),
                )),
            }
        }
        PathArguments::Parenthesized(p) => {
            Err(Error::new(p.span(), format!("expected `{name}<A, B>`")))
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;
    use syn::ImplItemFn;

    use super::*;

    /// The names of a method's parameters, after the receiver.
    fn parameters(method: &ImplItemFn) -> Vec<String> {
        method
            .sig
            .inputs
            .iter()
            .filter_map(|input| match input {
                FnArg::Typed(t) => Some(t.pat.to_token_stream().to_string()),
                FnArg::Receiver(_) => None,
            })
            .collect()
    }

    fn text_of(tokens: impl ToTokens) -> String {
        tokens.to_token_stream().to_string()
    }

    #[test]
    fn a_paged_field_takes_the_relay_arguments_and_keeps_its_body() {
        let mut method: ImplItemFn = parse_quote! {
            /// The reviews held at this session.
            #[paged(noun = "reviews")]
            async fn reviews(
                &self,
                ctx: &Context<'_>,
                page: Paged<ReviewFilterInput, ReviewOrder>,
            ) -> Result<ReviewConnection> {
                child_connection(ctx, ReviewsOfSession, self.0.id(), page).await
            }
        };
        rewrite(&mut method).unwrap();
        assert_eq!(
            parameters(&method),
            ["ctx", "first", "after", "last", "before", "filter", "order_by"]
        );
        let body = text_of(&method.block);
        assert!(
            body.contains(
                "let page : Paged < ReviewFilterInput , ReviewOrder > = < Paged < ReviewFilterInput , ReviewOrder > > :: new (first , after , last , before , filter , order_by) ;"
            ),
            "{body}"
        );
        assert!(
            body.contains("child_connection (ctx , ReviewsOfSession , self . 0 . id () , page)"),
            "{body}"
        );
        let attrs = &method.attrs;
        let attributes = text_of(quote!(#(#attrs)*));
        // What a page costs is weighed by the GraphQL crate's limits, not declared.
        assert!(!attributes.contains("complexity"), "{attributes}");
        assert!(!attributes.contains("paged"), "{attributes}");
        let signature = text_of(&method.sig);
        assert!(
            signature.contains(&format!(
                "Return the first n reviews (at most {MAX_PAGE_SIZE})."
            )),
            "{signature}"
        );
    }

    #[test]
    fn a_list_without_filter_or_order_takes_the_four_relay_arguments() {
        let mut method: ImplItemFn = parse_quote! {
            #[paged(noun = "figures")]
            async fn figures(&self, ctx: &Context<'_>, page: Paged) -> Result<FigureConnection> {
                todo!()
            }
        };
        rewrite(&mut method).unwrap();
        assert_eq!(
            parameters(&method),
            ["ctx", "first", "after", "last", "before"]
        );
        let body = text_of(&method.block);
        assert!(
            body.contains("< Paged > :: new (first , after , last , before , None , None)"),
            "{body}"
        );
        let mut unknown: ImplItemFn = parse_quote! {
            #[paged(noun = "figures", child = FiguresOfState)]
            async fn figures(&self, page: Paged) -> Result<FigureConnection> {
                todo!()
            }
        };
        let err = rewrite(&mut unknown).unwrap_err().to_string();
        assert!(err.contains("expected `noun = ...`"), "{err}");
    }

    #[test]
    fn a_grouped_statistic_takes_filter_group_by_and_first() {
        let mut nested: ImplItemFn = parse_quote! {
            #[grouped(noun = "aid flows", ungrouped = "one group per currency")]
            async fn aid_totals(&self, ctx: &Context<'_>, groups: Grouped<AidFlowFilterInput, AidGroupBy>) -> Result<Vec<AidTotal>> {
                todo!()
            }
        };
        rewrite(&mut nested).unwrap();
        assert_eq!(parameters(&nested), ["ctx", "filter", "group_by", "first"]);
        let signature = text_of(&nested.sig);
        assert!(
            signature.contains("none gives one group per currency.\" , default"),
            "{signature}"
        );
        assert!(signature.contains("Only the aid flows that pass this filter."));
        assert!(text_of(&nested.block).contains(
            "< Grouped < AidFlowFilterInput , AidGroupBy > > :: new (filter , group_by , first)"
        ));
        assert!(signature.contains(&format!(
            "(default {DEFAULT_GROUPS}, at most {MAX_GROUPS})."
        )));
        let attrs = &nested.attrs;
        assert!(!text_of(quote!(#(#attrs)*)).contains("complexity"));

        let mut root: ImplItemFn = parse_quote! {
            #[grouped(noun = "aid flows")]
            async fn aid_totals(&self, ctx: &Context<'_>, groups: Grouped<AidFlowFilterInput, AidGroupBy>) -> Result<Vec<AidTotal>> {
                todo!()
            }
        };
        rewrite(&mut root).unwrap();
        let signature = text_of(&root.sig);
        assert!(
            signature.contains("desc = \"The dimensions to group by.\")] group_by"),
            "{signature}"
        );
    }
}
