//! The ISA-free mid-end: unreachable-code removal, decided zero tests folded, constant
//! block parameters removed, Cranelift's e-graph optimiser, and loop-invariant code
//! motion.

use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::{ir, Context};
use cranelift_control::ControlPlane;

fn flags() -> settings::Flags {
    let mut builder = settings::builder();
    // Infallible for these known setting names and values.
    let _ = builder.set("opt_level", "speed");
    let _ = builder.set("enable_verifier", "true");
    settings::Flags::new(builder)
}

/// Removes unreachable blocks, leaving the CFG and dominator tree up to date.
fn prune(ctx: &mut Context, flags: &settings::Flags) -> Result<(), String> {
    ctx.compute_cfg();
    ctx.compute_domtree();
    ctx.eliminate_unreachable_code(flags)
        .map_err(|e| format!("{e:?}"))?;
    ctx.compute_cfg();
    ctx.compute_domtree();
    Ok(())
}

/// Folds decided zero tests (see [`super::nonzero`]) and prunes what they cut off.
fn fold_nonzero(
    ctx: &mut Context,
    flags: &settings::Flags,
    nonzero: &[ir::Value],
) -> Result<(), String> {
    if super::nonzero::fold(&mut ctx.func, &ctx.cfg, &ctx.domtree, nonzero) {
        prune(ctx, flags)?;
    }
    Ok(())
}

/// Verifies and optimises `func` in place; `nonzero` are values the lowering knows are
/// never zero.
pub fn optimise(func: &mut ir::Function, nonzero: &[ir::Value]) -> Result<(), String> {
    let flags = flags();
    let mut ctx = Context::for_function(std::mem::replace(func, ir::Function::new()));
    ctx.func.dfg.resolve_all_aliases();
    ctx.verify(&flags)
        .map_err(|e| format!("CLIF verifier: {e}\n{}", ctx.func.display()))?;
    prune(&mut ctx, &flags)?;
    fold_nonzero(&mut ctx, &flags, nonzero)?;
    // Block parameters that receive one value on every edge (a variable the SSA
    // construction carried through a join unchanged) become that value, so the e-graph
    // sees one object where the lowering saw many and can share and hoist its tests.
    super::phis::remove_redundant(&mut ctx.func);
    ctx.egraph_pass(&flags, &mut ControlPlane::default())
        .map_err(|e| format!("{e:?}"))?;
    ctx.func.dfg.resolve_all_aliases();
    ctx.compute_cfg();
    ctx.compute_domtree();
    super::licm::hoist(&mut ctx.func, &ctx.cfg, &ctx.domtree);
    ctx.func.dfg.resolve_all_aliases();
    // The e-graph merges equal values: tests it made redundant fold too.
    fold_nonzero(&mut ctx, &flags, &[])?;
    ctx.verify(&flags)
        .map_err(|e| format!("CLIF verifier after optimisation: {e}"))?;
    *func = ctx.func;
    Ok(())
}
