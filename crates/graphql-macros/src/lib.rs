//! Attribute macros of uprgraph's GraphQL layer. async-graphql cannot flatten a struct
//! into field arguments, so every paged field would repeat the same six documented
//! arguments; [`paged_fields`] writes them from one parameter instead.

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::{
    parse_macro_input, parse_quote, spanned::Spanned, Attribute, Error, FnArg, GenericArgument,
    ImplItem, ItemImpl, LitStr, Pat, PathArguments, Type,
};

/// Placed on an `#[Object]` impl block (above `#[Object]`, so that it runs first). Each
/// method marked `#[paged(noun = "reviews")]` takes one parameter `page: Paged<Filter,
/// Order>` (or `page: Paged` for a list with neither); it becomes the Relay arguments
/// `first`, `after`, `last` and `before`, and for `Paged<F, O>` `filter: Option<F>` and
/// `orderBy: Option<Vec<O>>`, each described in the words every list uses, with the
/// field's complexity weighed by its page size (`page_complexity`). The body sees `page`
/// built from them by `Paged::new`.
#[proc_macro_attribute]
pub fn paged_fields(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return Error::new(Span::call_site(), "`paged_fields` takes no arguments")
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

/// Rewrites one method if it is marked `#[paged]`.
fn rewrite(method: &mut syn::ImplItemFn) -> syn::Result<()> {
    let Some(index) = method.attrs.iter().position(|a| a.path().is_ident("paged")) else {
        return Ok(());
    };
    let noun = noun(&method.attrs.remove(index))?;
    let position = method
        .sig
        .inputs
        .iter()
        .position(|input| matches!(input, FnArg::Typed(t) if is_paged(&t.ty)))
        .ok_or_else(|| {
            Error::new(
                method.sig.span(),
                "a `#[paged]` field takes a parameter of type `Paged`",
            )
        })?;
    let FnArg::Typed(param) = method.sig.inputs[position].clone() else {
        unreachable!("the position of a typed parameter");
    };
    let Pat::Ident(binding) = &*param.pat else {
        return Err(Error::new(param.pat.span(), "bind the page to a name"));
    };
    let binding = &binding.ident;
    let ty = &param.ty;
    let sorted = sort_arguments(ty)?;

    let text = |s: String| LitStr::new(&s, Span::call_site());
    let first = text(format!("Return the first n {noun} (at most 100)."));
    let after = text(format!("Return {noun} after this cursor."));
    let last = text(format!("Return the last n {noun} (at most 100)."));
    let before = text(format!("Return {noun} before this cursor."));
    let mut arguments: Vec<FnArg> = vec![
        parse_quote!(#[graphql(desc = #first)] first: ::std::option::Option<i32>),
        parse_quote!(#[graphql(desc = #after)] after: ::std::option::Option<::std::string::String>),
        parse_quote!(#[graphql(desc = #last)] last: ::std::option::Option<i32>),
        parse_quote!(#[graphql(desc = #before)] before: ::std::option::Option<::std::string::String>),
    ];
    let init = if let Some((filter, order)) = sorted {
        let filter_desc = text(format!("Only the {noun} that pass this filter."));
        let order_desc = text(format!(
            "Sort the {noun} by these keys in turn (then by id)."
        ));
        arguments.push(parse_quote!(
            #[graphql(desc = #filter_desc)] filter: ::std::option::Option<#filter>
        ));
        arguments.push(parse_quote!(
            #[graphql(desc = #order_desc)]
            order_by: ::std::option::Option<::std::vec::Vec<#order>>
        ));
        quote!(crate::connection::Paged::new(
            first, after, last, before, filter, order_by
        ))
    } else {
        quote!(crate::connection::Paged::new(
            first, after, last, before, None, None
        ))
    };

    let inputs = std::mem::take(&mut method.sig.inputs);
    for (i, input) in inputs.into_iter().enumerate() {
        if i == position {
            method.sig.inputs.extend(arguments.drain(..));
        } else {
            method.sig.inputs.push(input);
        }
    }
    method.attrs.push(parse_quote!(
        #[graphql(complexity = "crate::connection::page_complexity(first, last, child_complexity)")]
    ));
    let body = &method.block;
    method.block = parse_quote!({
        let #binding: #ty = #init;
        #body
    });
    Ok(())
}

/// The noun of `#[paged(noun = "...")]`, plural, as the descriptions use it.
fn noun(attr: &Attribute) -> syn::Result<String> {
    let mut noun = None;
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("noun") {
            noun = Some(meta.value()?.parse::<LitStr>()?.value());
            Ok(())
        } else {
            Err(meta.error("expected `noun = \"...\"`"))
        }
    })?;
    noun.ok_or_else(|| Error::new(attr.span(), "expected `#[paged(noun = \"...\")]`"))
}

/// Whether a parameter's type is `Paged`, with or without its arguments.
fn is_paged(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Paged"))
}

/// The filter and order types of `Paged<F, O>`, or none for a bare `Paged`.
fn sort_arguments(ty: &Type) -> syn::Result<Option<(Type, Type)>> {
    let Type::Path(path) = ty else {
        unreachable!("checked by is_paged");
    };
    let segment = path.path.segments.last().expect("checked by is_paged");
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
                [filter, order] => Ok(Some(((*filter).clone(), (*order).clone()))),
                _ => Err(Error::new(
                    args.span(),
                    "`Paged` takes a filter type and an order type, or neither",
                )),
            }
        }
        PathArguments::Parenthesized(p) => Err(Error::new(p.span(), "expected `Paged<F, O>`")),
    }
}
