@ Plays the compiled program's role on the pyboard smoke test: upy_main and the qstr
@ table, calling the runtime's entry points. Assemble with --defsym CASE=n:
@   1: prints, big ints, a big-int loop that only runs if the GC collects (exit 0)
@   2: an uncaught ZeroDivisionError two frames deep (exit 1)
@   3: an undefined instruction (FATAL: HardFault, exit 3)
    .syntax unified
    .cpu cortex-m4
    .thumb

    .equ NONE, 6
    .macro SMALL reg, v
    ldr \reg, =(((\v) << 1) | 1)
    .endm
    .macro QSTR reg, q
    ldr \reg, =(((\q) << 3) | 2)
    .endm
    .macro CHECK
    cmp r0, #0
    beq fail
    .endm
    @ r0 = binop(op, r1, r2)
    .macro BINOP op
    movs r0, #\op
    bl upy_binop
    CHECK
    .endm
    @ print(r0)
    .macro PRINT
    str r0, [sp]
    mov r0, sp
    movs r1, #1
    movs r2, #0
    movs r3, #0
    bl upy_print
    CHECK
    .endm

    .equ ADD, 0
    .equ MUL, 2
    .equ FLOORDIV, 3
    .equ MOD, 5
    .equ POW, 6

    .equ Q_MODULE, 1
    .equ Q_APP, 6
    .equ Q_F, 7
    .equ Q_HELLO, 8
    .equ Q_WORLD, 9

    .text
    .global upy_main
    .type upy_main, %function
    .thumb_func
upy_main:
    push {r4-r7, lr}
    sub sp, #12
.if CASE == 1
    SMALL r1, 40
    SMALL r2, 2
    BINOP ADD
    PRINT                       @ 42
    SMALL r1, 2
    SMALL r2, 100
    BINOP POW
    PRINT                       @ 2**100
    SMALL r4, 1
    movs r5, #1
1:  lsls r2, r5, #1
    adds r2, #1
    mov r1, r4
    BINOP MUL
    mov r4, r0
    adds r5, #1
    cmp r5, #30
    ble 1b
    mov r0, r4
    PRINT                       @ 30!
    QSTR r1, Q_HELLO
    QSTR r2, Q_WORLD
    BINOP ADD
    PRINT                       @ helloworld
    @ m = 10**60 + 7; x = 1; for i in range(N): x = (x * 3 + i) % m
    SMALL r1, 10
    SMALL r2, 60
    BINOP POW
    mov r1, r0
    SMALL r2, 7
    BINOP ADD
    mov r6, r0
    SMALL r4, 1
    movs r5, #0
2:  mov r1, r4
    SMALL r2, 3
    BINOP MUL
    mov r1, r0
    lsls r2, r5, #1
    adds r2, #1
    BINOP ADD
    mov r1, r0
    mov r2, r6
    BINOP MOD
    mov r4, r0
    adds r5, #1
    ldr r0, =ITERATIONS
    cmp r5, r0
    blt 2b
    mov r0, r4
    PRINT
    ldr r0, =NONE
    b done
.endif
.if CASE == 2
    QSTR r0, Q_HELLO
    PRINT
    SMALL r0, 5
    bl f
    cmp r0, #0
    beq fail_line7
    b done
fail_line7:
    QSTR r0, Q_APP
    movs r1, #7
    QSTR r2, Q_MODULE
    bl upy_tb_add
    movs r0, #0
    b done
.endif
.if CASE == 3
    udf #0
.endif
fail:
    QSTR r0, Q_APP
    movs r1, #1
    QSTR r2, Q_MODULE
    bl upy_tb_add
    movs r0, #0
done:
    add sp, #12
    pop {r4-r7, pc}
    .ltorg

    @ def f(n): return n // 0    (line 3)
    .type f, %function
    .thumb_func
f:
    push {r4, lr}
    mov r1, r0
    SMALL r2, 0
    movs r0, #FLOORDIV
    bl upy_binop
    cmp r0, #0
    bne 1f
    QSTR r0, Q_APP
    movs r1, #3
    QSTR r2, Q_F
    bl upy_tb_add
    movs r0, #0
1:  pop {r4, pc}
    .ltorg

    .section .rodata.upy_qstr, "a"
    .global upy_qstr_count, upy_qstr_offsets, upy_qstr_data
    .align 2
upy_qstr_count:
    .word 10
upy_qstr_offsets:
    .word q0 - upy_qstr_data, q1 - upy_qstr_data, q2 - upy_qstr_data, q3 - upy_qstr_data
    .word q4 - upy_qstr_data, q5 - upy_qstr_data, q6 - upy_qstr_data, q7 - upy_qstr_data
    .word q8 - upy_qstr_data, q9 - upy_qstr_data, q10 - upy_qstr_data
upy_qstr_data:
q0: q1: .ascii "<module>"
q2: .ascii "__main__"
q3: .ascii "__name__"
q4: .ascii "print"
q5: .ascii "range"
q6: .ascii "app.py"
q7: .ascii "f"
q8: .ascii "hello"
q9: .ascii "world"
q10:
