//! Attribute macros of uprgraph's GraphQL layer. async-graphql cannot flatten a struct
//! into field arguments, so every paged field would repeat the same six documented
//! arguments; [`paged_fields`] writes them from one parameter instead, and writes the
//! whole of a nested list's field from its declaration.

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::{
    parse_macro_input, parse_quote, spanned::Spanned, Attribute, Error, FnArg, GenericArgument,
    ImplItem, ImplItemFn, ItemImpl, LitStr, Pat, Path, PathArguments, ReturnType, TraitItemFn,
    Type, Visibility,
};

/// Placed on an `#[Object]` impl block (above `#[Object]`, so that it runs first). Each
/// method marked `#[paged(noun = "reviews")]` takes one parameter `page: Paged<Filter,
/// Order>` (or `page: Paged` for a list with neither); it becomes the Relay arguments
/// `first`, `after`, `last` and `before`, and for `Paged<F, O>` `filter: Option<F>` and
/// `orderBy: Option<Vec<O>>`, each described in the words every list uses, with the
/// field's complexity weighed by its page size (`page_complexity`). The body sees `page`
/// built from them by `Paged::new`.
///
/// A nested list, the page of an object's children along a link of the store, is
/// declared without a body and without the context, its link named in the attribute:
///
/// ```text
/// /// The reviews held at this session.
/// #[paged(noun = "reviews", child = ReviewsOfSession)]
/// async fn reviews(&self, page: Paged<ReviewFilterInput, ReviewOrder>) -> ReviewConnection;
/// ```
///
/// becomes a field that takes the context and answers
/// `child_connection(ctx, ReviewsOfSession, self.0.id, page)`.
#[proc_macro_attribute]
pub fn paged_fields(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return Error::new(Span::call_site(), "`paged_fields` takes no arguments")
            .to_compile_error()
            .into();
    }
    let mut block = parse_macro_input!(item as ItemImpl);
    for item in &mut block.items {
        if let ImplItem::Verbatim(tokens) = item {
            match child_field(tokens.clone()) {
                Ok(Some(method)) => *item = ImplItem::Fn(method),
                Ok(None) => {}
                Err(err) => return err.to_compile_error().into(),
            }
        }
        if let ImplItem::Fn(method) = item {
            if let Err(err) = rewrite(method) {
                return err.to_compile_error().into();
            }
        }
    }
    quote!(#block).into()
}

/// The method of a nested list declared without a body (`None` for any other item
/// without one, which the compiler then reports).
fn child_field(tokens: proc_macro2::TokenStream) -> syn::Result<Option<ImplItemFn>> {
    let Ok(declared) = syn::parse2::<TraitItemFn>(tokens) else {
        return Ok(None);
    };
    let Some(attr) = declared.attrs.iter().find(|a| a.path().is_ident("paged")) else {
        return Ok(None);
    };
    let PagedArguments { noun, child } = paged_arguments(attr)?;
    let Some(link) = child else {
        return Err(Error::new(
            declared.sig.span(),
            "a `#[paged]` field without a body names its link: `#[paged(noun = \"...\", child = Link)]`",
        ));
    };
    let mut sig = declared.sig;
    let binding = sig
        .inputs
        .iter()
        .find_map(|input| match input {
            FnArg::Typed(t) if is_paged(&t.ty) => match &*t.pat {
                Pat::Ident(binding) => Some(binding.ident.clone()),
                _ => None,
            },
            _ => None,
        })
        .ok_or_else(|| {
            Error::new(
                sig.span(),
                "a `#[paged]` field takes a parameter of type `Paged`, bound to a name",
            )
        })?;
    let ReturnType::Type(_, connection) = &sig.output else {
        return Err(Error::new(
            sig.span(),
            "a nested list returns its connection",
        ));
    };
    sig.output = parse_quote!(-> ::async_graphql::Result<#connection>);
    sig.inputs
        .insert(1, parse_quote!(ctx: &::async_graphql::Context<'_>));
    // The field is paged like any other, by `rewrite`.
    let noun = LitStr::new(&noun, Span::call_site());
    let mut attrs = declared.attrs;
    attrs.retain(|a| !a.path().is_ident("paged"));
    attrs.push(parse_quote!(#[paged(noun = #noun)]));
    Ok(Some(ImplItemFn {
        attrs,
        vis: Visibility::Inherited,
        defaultness: None,
        sig,
        block: parse_quote!({
            crate::connection::child_connection(ctx, #link, self.0.id, #binding).await
        }),
    }))
}

/// Rewrites one method if it is marked `#[paged]`.
fn rewrite(method: &mut syn::ImplItemFn) -> syn::Result<()> {
    let Some(index) = method.attrs.iter().position(|a| a.path().is_ident("paged")) else {
        return Ok(());
    };
    let arguments = paged_arguments(&method.attrs[index])?;
    if arguments.child.is_some() {
        return Err(Error::new(
            method.attrs[index].span(),
            "`child = Link` is for a nested list declared without a body",
        ));
    }
    method.attrs.remove(index);
    let noun = arguments.noun;
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

/// What `#[paged(noun = "...", child = Link)]` says.
struct PagedArguments {
    /// The noun, plural, as the descriptions use it.
    noun: String,
    /// The link to the children, for a nested list declared without a body.
    child: Option<Path>,
}

fn paged_arguments(attr: &Attribute) -> syn::Result<PagedArguments> {
    let (mut noun, mut child) = (None, None);
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("noun") {
            noun = Some(meta.value()?.parse::<LitStr>()?.value());
            Ok(())
        } else if meta.path.is_ident("child") {
            child = Some(meta.value()?.parse::<Path>()?);
            Ok(())
        } else {
            Err(meta.error("expected `noun = \"...\"` or `child = Link`"))
        }
    })?;
    let noun =
        noun.ok_or_else(|| Error::new(attr.span(), "expected `#[paged(noun = \"...\")]`"))?;
    Ok(PagedArguments { noun, child })
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
