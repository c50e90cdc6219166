// Package solved holds, one package per step, the solutions of steps 02 to
// 05, for the steps after them: step 04 serves GetProduct and ListProducts
// from step02 and step03, and so on. Each package holds one step's work and
// nothing later, so reading step03 while you do step 04 spoils only what
// you have done. Do not open a step's package before you finish that step.
package solved
